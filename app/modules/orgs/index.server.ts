// The orgs area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export { addStaffMember, centerMemberIds, centerPeople, createOrganization, createRegion, getOrganization, getRegion, listRegionAdmins, listRegions, listStaff, listTrainingCenters, listVisibleOrganizations, type StaffRole } from "./service.server";
