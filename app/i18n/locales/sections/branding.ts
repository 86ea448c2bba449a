// A center's certificate branding (logo, seal, signatory) and its preview: /manage/organizations/<id>/certificate-branding.
import type { Catalog } from "../catalog";

export const zh = {
  title: "证书样式",
  intro:
    "上传本机构的标志、公章和负责人签名。上传后先预览样本证书，确认无误再启用；启用前已颁发和新颁发的证书都不会使用草稿。",
  bodyIntro: "设置认证机构（颁证单位）的公章，所有证书的颁发日期处都会加盖此章。",
  link: "证书样式（标志、公章、签名）",
  draftHeading: "草稿（预览中）",
  publishedHeading: "证书上正在使用",
  noneYet: "尚未设置",
  slots: {
    logo: "机构标志",
    seal: "公章",
    signature: "负责人签名",
  },
  hints: {
    logo: "PNG 或 JPEG，不超过 512 KB，边长不超过 1600 像素；印在证书左上角。",
    seal: "红色公章 PNG，背景透明，不超过 512 KB；盖在颁证机构名称上。",
    signature: "签名 PNG，背景透明，不超过 512 KB。",
  },
  signatoryName: "负责人姓名",
  remove: "移除",
  save: "上传并更新草稿",
  saved: "草稿已更新。请先预览样本证书，再启用。",
  preview: "预览样本证书（PDF）",
  previewPublished: "查看当前证书样式（PDF）",
  publish: "启用此样式",
  published: "已启用：此后下载的证书都将使用新的样式。",
  imageAlt: "{{slot}}预览",
  errors: {
    tooLarge: "图片不能超过 512 KB。",
    logoType: "标志须为 PNG 或 JPEG 图片（按文件内容识别）。",
    pngOnly: "须为 PNG 图片（按文件内容识别），公章和签名需要透明背景。",
    unreadable: "无法读取这张图片，请重新导出后上传。",
    tooManyPixels: "图片边长不能超过 1600 像素。",
    nameTooLong: "姓名不能超过 40 个字。",
    nothingToPublish: "还没有草稿可以启用，请先上传。",
    uploadUnreadable: "上传的内容无法读取，请重试。",
  },
};

export const en: Catalog<typeof zh> = {
  title: "Certificate design",
  intro:
    "Upload your organization's logo, seal and the signatory's signature. Preview a sample certificate first, then put the design to use; until then no certificate uses the draft.",
  bodyIntro: "Set the certification body's seal; every certificate carries it over the date of issue.",
  link: "Certificate design (logo, seal, signature)",
  draftHeading: "Draft (being previewed)",
  publishedHeading: "In use on certificates",
  noneYet: "Not set",
  slots: {
    logo: "Logo",
    seal: "Seal",
    signature: "Signatory's signature",
  },
  hints: {
    logo: "PNG or JPEG, at most 512 KB and 1600 pixels a side; printed at the top left.",
    seal: "A red seal as a PNG with a transparent background, at most 512 KB; stamped over the issuer's name.",
    signature: "A PNG with a transparent background, at most 512 KB.",
  },
  signatoryName: "Signatory's name",
  remove: "Remove",
  save: "Upload and update the draft",
  saved: "Draft updated. Preview the sample certificate, then put it to use.",
  preview: "Preview a sample certificate (PDF)",
  previewPublished: "View the design in use (PDF)",
  publish: "Use this design",
  published: "In use: certificates downloaded from now on carry the new design.",
  imageAlt: "{{slot}} preview",
  errors: {
    tooLarge: "An image may be at most 512 KB.",
    logoType: "The logo must be a PNG or JPEG image (judged by the file's content).",
    pngOnly: "Must be a PNG image (judged by the file's content): seals and signatures need a transparent background.",
    unreadable: "This image cannot be read; export it again and upload it.",
    tooManyPixels: "An image may be at most 1600 pixels a side.",
    nameTooLong: "The name may be at most 40 characters.",
    nothingToPublish: "There is no draft to use yet; upload first.",
    uploadUnreadable: "The upload could not be read; please try again.",
  },
};
