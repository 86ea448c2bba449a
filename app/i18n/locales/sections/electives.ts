// Electives of a center or region, and the lesson editor's preview and pictures (docs/authoring.md).
export const zh = {
  title: "选修课程",
  intro:
    "为本基地学员增设的选修课程（例如本省的地方政策）：只有本基地（或本区域）的学员能看到，学习时长计入所属等级的学时和继续教育，但不计入等级的必修课程。",
  listTitle: "本基地的选修课程",
  none: "还没有选修课程。",
  course: "课程",
  level: "等级",
  module: "模块",
  lessons: "课时数",
  owner: "范围",
  ofCenter: "本基地",
  ofRegion: "本区域",
  createTitle: "新增选修课程",
  titleZh: "课程名称（中文）",
  titleEn: "课程名称（英文）",
  summaryZh: "课程简介（中文）",
  summaryEn: "课程简介（英文）",
  objectives: "学习目标",
  objectivesHint: "每行一个目标，最多 10 个。",
  firstLesson: "第一课时",
  lessonTitleZh: "课时标题（中文）",
  lessonTitleEn: "课时标题（英文）",
  minutes: "预计学习分钟数",
  markdown: "课时正文（Markdown）",
  create: "新增选修课程",
  created: "已新增选修课程“{{title}}”，本基地学员现在可以在等级页面看到它。",
  badge: "选修",
  errors: {
    module: "请选择模块：公共知识、政策法规、实务技能或能力提升",
    minutes: "预计学习分钟数应为 1 到 240 之间的整数",
    level: "没有这个等级",
    tooLong: "内容过长",
  },
};

export const editorZh = {
  markdownHint:
    "使用 Markdown 书写：## 小标题、**加粗**、- 列表、| 表格 |。右侧预览与学员看到的完全一致，不安全的 HTML 会被移除。",
  preview: {
    title: "预览（学员看到的样子）",
    tooLong: "正文过长，最多 {{max}} 个字符",
    unreadable: "无法生成预览",
  },
  images: {
    label: "插入图片（PNG、JPEG、GIF 或 WebP，不超过 2 MB）",
    inserted: "图片已上传并插入正文。",
    empty: "请选择一张图片",
    tooLarge: "图片超过 {{max}} MB",
    wrongType: "只接受 PNG、JPEG、GIF 或 WebP 图片（按文件内容判断，而不是文件名）",
    unreadable: "无法读取上传的图片",
  },
};

export const en: typeof zh = {
  title: "Electives",
  intro:
    "Elective courses for this center's trainees (for example the province's local policies): only trainees of this center (or region) see them; their study counts toward the level's hours and continuing education, never toward its required courses.",
  listTitle: "This center's electives",
  none: "No electives yet.",
  course: "Course",
  level: "Level",
  module: "Module",
  lessons: "Lessons",
  owner: "Scope",
  ofCenter: "This center",
  ofRegion: "This region",
  createTitle: "Add an elective",
  titleZh: "Course title (Chinese)",
  titleEn: "Course title (English)",
  summaryZh: "Summary (Chinese)",
  summaryEn: "Summary (English)",
  objectives: "Objectives",
  objectivesHint: "One objective per line, at most 10.",
  firstLesson: "First lesson",
  lessonTitleZh: "Lesson title (Chinese)",
  lessonTitleEn: "Lesson title (English)",
  minutes: "Estimated minutes",
  markdown: "Lesson text (Markdown)",
  create: "Add the elective",
  created: "Added the elective “{{title}}”; this center's trainees now see it on the level's page.",
  badge: "Elective",
  errors: {
    module: "Choose a module: 公共知识, 政策法规, 实务技能 or 能力提升",
    minutes: "Estimated minutes are a whole number from 1 to 240",
    level: "There is no such level",
    tooLong: "Too long",
  },
};

export const editorEn: typeof editorZh = {
  markdownHint:
    "Write in Markdown: ## headings, **bold**, - lists, | tables |. The preview beside it is exactly what trainees will see; unsafe HTML is removed.",
  preview: {
    title: "Preview (what trainees see)",
    tooLong: "The text is too long: at most {{max}} characters",
    unreadable: "The preview could not be made",
  },
  images: {
    label: "Insert a picture (PNG, JPEG, GIF or WebP, up to 2 MB)",
    inserted: "The picture was uploaded and inserted into the text.",
    empty: "Choose a picture",
    tooLarge: "The picture is larger than {{max}} MB",
    wrongType: "Only PNG, JPEG, GIF or WebP pictures are accepted (judged by the file's content, not its name)",
    unreadable: "The uploaded picture could not be read",
  },
};
