/**
 * The privacy notice (隐私政策), versioned in the repository. A new version is added at the end; everyone whose
 * consent is to an older version is asked again at their next page (docs/privacy.md). Client-safe.
 */
export interface NoticeSection {
  heading: string;
  body: string;
}
export interface PrivacyNotice {
  version: string;
  /** Date the version took effect, "YYYY-MM-DD". */
  effectiveOn: string;
  zh: NoticeSection[];
  en: NoticeSection[];
}

export const PRIVACY_NOTICES: readonly PrivacyNotice[] = [
  {
    version: "2026-12-01",
    effectiveOn: "2026-12-01",
    zh: [
      {
        heading: "我们是谁",
        body: "技术经理人学院（TM Academy）由认证机构运营，为技术经理人提供培训、考试和证书。本政策依据《中华人民共和国个人信息保护法》说明我们如何处理您的个人信息。",
      },
      {
        heading: "我们收集哪些信息",
        body: "账户信息（姓名、电子邮箱或手机号、密码的哈希值、语言）；所属培训机构及角色；学习进度与学时；考试作答与成绩；证书；作品集案例及证明材料；通知；您对本政策的同意记录；与您相关的操作日志。登录尝试和找回密码请求会记录 IP 地址，仅用于防止滥用，并在配置的期限（默认 180 天）后删除。",
      },
      {
        heading: "用途与共享",
        body: "上述信息仅用于组织培训、考试、颁发和核验证书。您所在培训机构、所属区域的工作人员可查看与其职责相关的信息。证书核验页面仅显示脱敏后的姓名。我们不出售个人信息。",
      },
      {
        heading: "您的权利",
        body: "您可以在“我的数据”页面查阅和下载我们持有的关于您的全部信息（JSON 与可读网页），并可申请删除。删除由平台管理员完成：姓名、联系方式、密码和会话将被删除或匿名化；已颁发的证书作为法定记录保留，以便核验，但不再能与您的账户联系起来；学习和考试记录以匿名形式保留用于统计。",
      },
      {
        heading: "联系我们",
        body: "如对本政策有疑问，请联系您所在的培训机构或平台管理员。",
      },
    ],
    en: [
      {
        heading: "Who we are",
        body: "TM Academy is run by the certification body and provides training, exams and certificates for technology managers. This notice explains, under China's Personal Information Protection Law (PIPL), how we handle your personal information.",
      },
      {
        heading: "What we collect",
        body: "Account details (name, e-mail or mobile number, a hash of your password, language); your training center and roles; study progress and hours; exam answers and results; certificates; portfolio cases and their evidence; notifications; your consents to this notice; log entries about you. Sign-in attempts and password-reset requests keep the IP address, only to prevent abuse, and it is deleted after the configured period (180 days by default).",
      },
      {
        heading: "Use and sharing",
        body: "This information is used only to run training and exams and to issue and verify certificates. Staff of your training center and region see what their duties need. The verification page shows only a masked name. We never sell personal information.",
      },
      {
        heading: "Your rights",
        body: "On the “My data” page you can see and download everything we hold about you (JSON and a readable web page) and ask for it to be deleted. A platform admin completes the deletion: your name, contact details, password and sessions are erased or anonymized; certificates already issued are kept as records the law requires, so they can still be verified, but are no longer linked to your account; study and exam records are kept anonymized for statistics.",
      },
      {
        heading: "Contact",
        body: "For questions about this notice, contact your training center or the platform's administrators.",
      },
    ],
  },
];

export function currentNotice(): PrivacyNotice {
  return PRIVACY_NOTICES[PRIVACY_NOTICES.length - 1]!;
}

export const CURRENT_PRIVACY_VERSION = currentNotice().version;
