// The notifications' strings (inbox, e-mails, preferences): zh-CN first, English beside it (same keys).
import type { Catalog } from "../catalog";

export const zh = {
  title: "消息",
  navLabel: "消息",
  unread: "{{count}} 条未读",
  intro: "与您的学习、考试和证书有关的通知。邮件通知可在账户设置中按类别开关；站内消息总会保留在这里。",
  empty: "暂无消息。",
  markRead: "标为已读",
  markAllRead: "全部标为已读",
  allRead: "已全部标为已读。",
  isUnread: "未读",
  open: "查看",
  downloadIcs: "下载日历文件（.ics）",
  preferences: {
    title: "邮件通知",
    hint: "勾选的类别会同时发送邮件；未勾选的只出现在站内消息中。",
    save: "保存邮件通知设置",
    saved: "邮件通知设置已保存。",
  },
  kinds: {
    cohort_added: "加入班级",
    session_scheduled: "考试场次安排",
    session_changed: "考试场次变更",
    session_cancelled: "考试场次取消",
    session_reminder: "考试开始提醒",
    result_available: "考试成绩",
    exam_integrity_decision: "考试诚信审核结果",
    certificate_issued: "证书颁发",
    certificate_revoked: "证书撤销",
    certificate_expiring: "证书即将到期",
    certificate_renewed: "证书续期",
    portfolio_approved: "案例通过",
    portfolio_returned: "案例退回",
    holder_photo_approved: "证书照片通过",
    holder_photo_returned: "证书照片退回",
    password_changed: "密码修改",
    certificate_tampered: "证书记录校验失败（平台管理员）",
  },
  message: {
    cohort_added: { title: "您已加入班级 {{cohort}}", body: "培训基地已将您加入 {{cohort}}（{{level}}）。" },
    session_scheduled: {
      title: "考试场次已安排：{{session}}",
      body: "{{level}}考试 {{session}}：{{opensAt}} 开放，{{closesAt}} 截止。地点：{{location}}。日历文件已附上。",
    },
    session_changed: {
      title: "考试场次有变更：{{session}}",
      body: "{{level}}考试 {{session}} 改为 {{opensAt}} 开放，{{closesAt}} 截止。地点：{{location}}。",
    },
    session_cancelled: {
      title: "考试场次已取消：{{session}}",
      body: "原定 {{opensAt}} 开放的{{level}}考试 {{session}} 已取消。",
    },
    session_reminder: {
      title: "考试将于 {{opensAt}} 开放",
      body: "{{level}}考试 {{session}} 将于 {{opensAt}} 开放，{{closesAt}} 截止。地点：{{location}}。",
    },
    result_available: { title: "{{level}}考试成绩已出", body: "您的{{level}}考试成绩已出，请查看。" },
    exam_integrity_decision: {
      title: "{{level}}考试诚信审核：{{decision}}",
      body: "您的{{level}}考试经审核：{{decision}}。{{reason}}如有疑问，请联系培训基地。",
    },
    certificate_issued: { title: "您已获得{{level}}证书", body: "恭喜！您的{{level}}证书已颁发，可下载、分享和核验。" },
    certificate_revoked: {
      title: "您的{{level}}证书已被撤销",
      body: "证书 {{serial}} 已被撤销。如有疑问，请联系培训基地。",
    },
    certificate_expiring: {
      title: "您的{{level}}证书即将到期",
      body: "证书 {{serial}} 将于 {{expiresOn}} 到期，请完成继续教育学时后续期。",
    },
    certificate_renewed: { title: "您的{{level}}证书已续期", body: "证书已续期，新的编号 {{serial}}。" },
    portfolio_approved: { title: "案例已通过：{{case}}", body: "您的案例“{{case}}”已审核通过。" },
    portfolio_returned: { title: "案例被退回：{{case}}", body: "您的案例“{{case}}”被退回修改，请查看审核意见。" },
    holder_photo_approved: {
      title: "证书照片已通过审核",
      body: "您上传的证书照片已通过审核，此后颁发的证书将印上这张照片。",
    },
    holder_photo_returned: {
      title: "证书照片被退回",
      body: "您上传的证书照片被退回，原因：{{reason}}。请按要求重新上传。",
    },
    password_changed: {
      title: "您的密码已修改",
      body: "您的账户密码于 {{at}} 修改。如果不是您本人操作，请立即重置密码并联系培训基地。",
    },
    certificate_tampered: {
      title: "证书记录校验失败：{{serial}}",
      body: "{{at}} 核验证书 {{serial}}（{{level}}）时发现，数据库中的证书记录与其签名不符，可能已被篡改。核验页面、接口和批量核验现均显示该证书为“无效”。请核查该记录及数据库的访问和修改记录。",
    },
  },
  email: {
    footer: "查看：{{link}}\n\n如不想再收到此类邮件，可在账户设置中关闭：{{settings}}",
  },
  noLocation: "待定",
  icsDescription: "{{level}}考试，{{opensAt}} 开放，{{closesAt}} 截止。",
};

export const en: Catalog<typeof zh> = {
  title: "Notifications",
  navLabel: "Notifications",
  unread: "{{count}} unread",
  intro:
    "Notices about your study, exams and certificates. Turn e-mail on or off per kind on your account page; the inbox here always keeps them.",
  empty: "No notifications yet.",
  markRead: "Mark as read",
  markAllRead: "Mark all as read",
  allRead: "All marked as read.",
  isUnread: "Unread",
  open: "Open",
  downloadIcs: "Download calendar file (.ics)",
  preferences: {
    title: "E-mail notifications",
    hint: "Ticked kinds are also sent by e-mail; the others appear only in the inbox.",
    save: "Save e-mail settings",
    saved: "E-mail settings saved.",
  },
  kinds: {
    cohort_added: "Added to a cohort",
    session_scheduled: "Exam session scheduled",
    session_changed: "Exam session changed",
    session_cancelled: "Exam session cancelled",
    session_reminder: "Exam session reminder",
    result_available: "Exam result",
    exam_integrity_decision: "Exam integrity decision",
    certificate_issued: "Certificate issued",
    certificate_revoked: "Certificate revoked",
    certificate_expiring: "Certificate expiring",
    certificate_renewed: "Certificate renewed",
    portfolio_approved: "Case approved",
    portfolio_returned: "Case returned",
    holder_photo_approved: "Certificate photo approved",
    holder_photo_returned: "Certificate photo returned",
    password_changed: "Password changed",
    certificate_tampered: "Certificate record failed its signature (platform admins)",
  },
  message: {
    cohort_added: {
      title: "You were added to the cohort {{cohort}}",
      body: "Your training center added you to {{cohort}} ({{level}}).",
    },
    session_scheduled: {
      title: "Exam session scheduled: {{session}}",
      body: "{{level}} exam {{session}}: opens {{opensAt}}, closes {{closesAt}}. Place: {{location}}. The calendar file is attached.",
    },
    session_changed: {
      title: "Exam session changed: {{session}}",
      body: "{{level}} exam {{session}} now opens {{opensAt}} and closes {{closesAt}}. Place: {{location}}.",
    },
    session_cancelled: {
      title: "Exam session cancelled: {{session}}",
      body: "The {{level}} exam {{session}}, due to open {{opensAt}}, is cancelled.",
    },
    session_reminder: {
      title: "Your exam opens {{opensAt}}",
      body: "{{level}} exam {{session}} opens {{opensAt}} and closes {{closesAt}}. Place: {{location}}.",
    },
    result_available: {
      title: "Your {{level}} exam result is ready",
      body: "Your {{level}} exam has been graded; see your result.",
    },
    exam_integrity_decision: {
      title: "{{level}} exam integrity review: {{decision}}",
      body: "Your {{level}} exam was reviewed: {{decision}}. {{reason}}If you have questions, contact your training center.",
    },
    certificate_issued: {
      title: "You hold the {{level}} certificate",
      body: "Congratulations! Your {{level}} certificate is issued; you can download, share and verify it.",
    },
    certificate_revoked: {
      title: "Your {{level}} certificate was revoked",
      body: "Certificate {{serial}} was revoked. Ask your training center if you have questions.",
    },
    certificate_expiring: {
      title: "Your {{level}} certificate expires soon",
      body: "Certificate {{serial}} expires on {{expiresOn}}; renew it with continuing-education hours.",
    },
    certificate_renewed: {
      title: "Your {{level}} certificate was renewed",
      body: "Your certificate was renewed; the new serial is {{serial}}.",
    },
    portfolio_approved: { title: "Case approved: {{case}}", body: 'Your case "{{case}}" was approved.' },
    portfolio_returned: {
      title: "Case returned: {{case}}",
      body: 'Your case "{{case}}" was returned for changes; see the reviewer\'s comments.',
    },
    holder_photo_approved: {
      title: "Your certificate photo was approved",
      body: "The photo you uploaded was approved; certificates issued from now on carry it.",
    },
    holder_photo_returned: {
      title: "Your certificate photo was returned",
      body: "The photo you uploaded was returned: {{reason}}. Please upload a new one as asked.",
    },
    password_changed: {
      title: "Your password was changed",
      body: "Your account's password was changed at {{at}}. If this was not you, reset your password now and tell your training center.",
    },
    certificate_tampered: {
      title: "Certificate record failed its signature: {{serial}}",
      body: "A check of certificate {{serial}} ({{level}}) at {{at}} found that its record in the database no longer matches its signature: it may have been altered. The verification page, the API and bulk checks now report it as invalid. Review the record and who accessed or changed the database.",
    },
  },
  email: {
    footer: "Open: {{link}}\n\nTo stop e-mails of this kind, turn them off on your account page: {{settings}}",
  },
  noLocation: "to be announced",
  icsDescription: "{{level}} exam, opens {{opensAt}}, closes {{closesAt}}.",
};
