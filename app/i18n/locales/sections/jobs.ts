// The job queue as platform admins see it (/manage/jobs, docs/deployment.md "Jobs and workers"). zh-CN first.
import type { Catalog } from "../catalog";

export const zh = {
  title: "后台任务",
  nav: "后台任务",
  modePgBoss:
    "后台任务（邮件投递、考试到时收卷、证书到期提醒、考试场次提醒、数据保留清理）经 PostgreSQL 中的任务队列（pg-boss）运行：每项任务只由一个工作进程执行一次，失败后自动重试（间隔逐次加长）。",
  modeWebOnly: "本实例只负责把任务放入队列（APP_ROLE=web），由工作进程执行。",
  modeInProcess:
    "使用内置数据库时没有任务队列：后台任务在本进程中按定时器运行。下面列出本进程启动以来失败的任务（重启后清空）。",
  modeOff: "本进程未运行后台任务。",
  failedTitle: "失败的任务",
  empty: "没有失败的任务。",
  name: "任务",
  error: "错误",
  tries: "尝试次数",
  failedAt: "失败时间",
  retry: "重试",
  retried: "已重新排队：{{name}}",
  notFound: "找不到这个失败的任务（可能已被重试或已归档），请刷新页面。",
  notRunning: "本进程未运行后台任务，无法重试。",
  alreadyQueued: "该任务已有一次运行在排队，无需重试；请稍后刷新查看结果。",
  badId: "任务编号无效，请从列表中点“重试”。",
  jobNames: {
    "mail-delivery": "邮件投递",
    "attempt-sweep": "考试到时收卷",
    "certificate-reminders": "证书到期提醒",
    "certificate-pdfs": "证书 PDF 生成（班级压缩包）",
    "exam-session-reminders": "考试场次提醒",
    retention: "数据保留清理",
  },
};

export const en: Catalog<typeof zh> = {
  title: "Background jobs",
  nav: "Background jobs",
  modePgBoss:
    "Background jobs (mail delivery, closing exams at their deadline, certificate expiry reminders, exam-session reminders, retention) run through a queue in PostgreSQL (pg-boss): each job runs once, on one worker, and a failure is retried with growing delays.",
  modeWebOnly: "This copy only queues jobs (APP_ROLE=web); the workers run them.",
  modeInProcess:
    "With the embedded database there is no queue: the jobs run on timers in this process. Below are the jobs that failed since this process started (cleared on restart).",
  modeOff: "This process runs no background jobs.",
  failedTitle: "Failed jobs",
  empty: "No failed jobs.",
  name: "Job",
  error: "Error",
  tries: "Tries",
  failedAt: "Failed at",
  retry: "Retry",
  retried: "Queued again: {{name}}",
  notFound: "This failed job is no longer there (retried or archived already); reload the page.",
  notRunning: "This process runs no background jobs, so it cannot retry one.",
  alreadyQueued: "A run of this job is already queued; no retry is needed. Reload later to see how it went.",
  badId: "That job id is not valid; use the Retry button in the list.",
  jobNames: {
    "mail-delivery": "Mail delivery",
    "attempt-sweep": "Closing exams at their deadline",
    "certificate-reminders": "Certificate expiry reminders",
    "certificate-pdfs": "Certificate PDFs (cohort ZIPs)",
    "exam-session-reminders": "Exam-session reminders",
    retention: "Retention (deleting old addresses and exam events)",
  },
};
