"""Every text a user sees, in one place (Chinese; HTML parse mode where marked).

Anything a user typed is escaped by the caller with `html.escape` before it
is put into an HTML text.
"""

from __future__ import annotations

# -- commands ---------------------------------------------------------------
COMMANDS: tuple[tuple[str, str], ...] = (
    ("new", "开始新的检查"),
    ("status", "查看当前进度"),
    ("cancel", "放弃当前检查"),
    ("list", "我的检查记录"),
    ("export", "按编号导出检查表"),
    ("help", "使用说明"),
)

HELP = (
    "👷 <b>安全检查助手</b>\n"
    "我会按官方检查清单逐项引导您完成现场检查，记录存在问题、专家建议和照片，"
    "提交后把填好的检查表（Excel）发给您和局工作群。\n\n"
    "<b>命令</b>\n"
    "/new — 开始新的检查\n"
    "/status — 查看当前进度\n"
    "/cancel — 放弃当前检查\n"
    "/list — 我的检查记录（含编号）\n"
    "/export 编号 — 重新获取某次检查的检查表\n"
    "/help — 使用说明\n\n"
    "检查过程中可随时发送照片作为当前项的印证资料，也可发送位置记录检查地点。"
    "每一步都会立即保存，网络中断或机器人重启后可继续。"
)

GROUP_HINT = "请在与我的私聊中使用本机器人。"
NOT_AUTHORISED = "抱歉，您没有使用本机器人的权限。如需开通，请联系局工作群管理员。"

# -- starting ---------------------------------------------------------------
CHOOSE_CHECKLIST = "请选择检查清单（发送 /new 企业名称，可按企业所属行业优先推荐清单）："
CHOOSE_CHECKLIST_FOR = "检查企业：{enterprise}（{industry}）\n请选择检查清单，适用于该行业的清单排在前面："
NO_INDUSTRY = "行业未登记"
NO_CHECKLISTS = "当前没有可用的检查清单，请联系管理员。"
ALREADY_RUNNING = "您有一项未完成的检查（{enterprise}）。请继续完成，或先 /cancel 放弃。"
CONTINUE_BUTTON = "▶️ 继续当前检查"
ASK_ENTERPRISE = (
    "📝 <b>{title}</b>\n\n请输入<b>企业名称</b>（被检查单位全称）：\n"
    "也可点击下方最近检查过的企业。如需记录检查地点，可随时发送位置。"
)
ENTERPRISE_BAD = "企业名称需为 1–{limit} 个字，且不能包含换行。请重新输入企业名称："

# -- item card --------------------------------------------------------------
CARD = (
    "<b>【{group}】</b>\n"
    "第 {position}/{total} 项（序号 {number}）\n\n"
    "<b>具体内容：</b>{content}"
)
CARD_EVIDENCE = "\n\n<b>印证资料：</b>{evidence}"
CARD_HINT = "\n\n💡 {hint}"
CARD_METHODS = "\n🔎 检查方式：{methods}"
CARD_PHOTO = {"expected": "\n📷 建议拍照留证", "required": "\n📷 需要拍照留证"}
CARD_CURRENT = "\n\n当前答案：<b>{result}</b>"
CARD_PHOTOS = "\n已收照片：{count} 张"
BUTTON_NA = "➖ 不涉及"
ANSWERED_LINE = "✔️ 第 {number} 项已记录：{note}\n\n"
BUTTON_RESULT = {"符合": "✅ 符合", "存在问题": "⚠️ 存在问题", "不涉及": "➖ 不涉及"}
BUTTON_BACK = "⬅️ 上一项"
BUTTON_TOC = "📋 目录"
ANSWERED = "第 {number} 项：{result}"

# -- problem flow -----------------------------------------------------------
ASK_PROBLEM = "⚠️ 第 {number} 项：请描述<b>存在的问题</b>（可同时发送照片；较长的内容可分多条连续发送）："
ASK_PROBLEM_CURRENT = "\n\n原描述：{text}"
ASK_ADVICE = "💬 第 {number} 项：请输入<b>专家建议</b>，或点击“跳过”："
ASK_ADVICE_CURRENT = "\n\n原建议：{text}"
BUTTON_KEEP = "保留原内容"
BUTTON_SKIP = "⏭ 跳过"
ASK_HAZARD = "🚨 第 {number} 项：请选择<b>隐患级别</b>："
ASK_HAZARD_STANDARD = (
    "\n\n📌 本项对应《工贸企业重大事故隐患判定标准》{standard}，建议判定为<b>重大隐患</b>"
    "（如实际情况不符，可选一般隐患）。"
)
ASK_DEADLINE = "⏱ 第 {number} 项：请选择<b>整改时限</b>（{level}隐患默认 {days} 天）："
ASK_DEADLINE_CURRENT = "\n\n原整改时限：{date}"
ASK_DEADLINE_DATE = "📅 第 {number} 项：请输入整改期限日期（如 2025-06-30 或 6月30日）："
DEFAULT_MARK = "（默认）"
BUTTON_CUSTOM_DATE = "📅 自定日期"
BUTTON_HAZARD = {"一般": "一般隐患", "重大": "‼️ 重大隐患"}
TEXT_TOO_LONG = "内容过长（{length} 字），最多 {limit} 字，未保存。请精简后重新发送。"
TEXT_EMPTY = "内容不能为空，请重新输入。"
PRESS_A_BUTTON = "请点击上方按钮作答。"

# -- table of contents ------------------------------------------------------
TOC = "📋 <b>目录</b>（✅ 符合　⚠️ 存在问题　➖ 不涉及　🔢 已填写　✳️ 未完成　▫️ 未答）\n点击序号可查看或修改该项："
TOC_PARTIAL = "partial"
TOC_MARK = {"符合": "✅", "存在问题": "⚠️", "不涉及": "➖", "已填写": "🔢", TOC_PARTIAL: "✳️", None: "▫️"}

# -- finishing --------------------------------------------------------------
ASK_PRINCIPAL = "✍️ 全部 {total} 项已完成。请输入<b>企业主要负责人</b>姓名："
ASK_PRINCIPAL_CURRENT = "\n\n原填写：{text}"
PRINCIPAL_BAD = "姓名需为 1–{limit} 个字，且不能包含换行。请重新输入企业主要负责人姓名："
SUMMARY = (
    "📊 <b>检查汇总</b>\n"
    "企业名称：{enterprise}\n"
    "检查清单：{checklist}\n"
    "符合：{ok} 项\n"
    "存在问题：{problems} 项（其中重大隐患 {major} 项）\n"
    "不涉及：{na} 项\n"
    "已填写（数值、选项、日期、文字、台账）：{values} 项\n"
    "照片：{photos} 张\n"
    "企业主要负责人：{principal}"
)
SUMMARY_LOCATION = "\n检查地点：{lat:.5f}, {lon:.5f}"
SUMMARY_UNANSWERED = "\n\n⚠️ 尚有 {count} 项未完成，请先完成。"
SUMMARY_NO_PRINCIPAL = "\n\n⚠️ 尚未填写企业主要负责人。"
BUTTON_CONTINUE_OPEN = "▶️ 继续未完成项"
SUMMARY_FOOTER = "\n\n确认无误后请点击“提交”。"
BUTTON_SUBMIT = "📤 提交"
BUTTON_EDIT = "✏️ 修改答案"
BUTTON_PRINCIPAL = "修改负责人"
SUBMITTED = "✅ 已提交（检查编号 {id}）。检查表正在生成，稍后发送给您和局工作群。"
LIST_EMPTY = "还没有检查记录。发送 /new 开始新的检查。"
LIST_HEAD_MINE = "🗂 <b>我的检查</b>（最近 {count} 条）"
LIST_HEAD_ALL = "🗂 <b>全部检查</b>（最近 {count} 条）"
LIST_LINE = "<b>{id}</b>｜{date}｜{enterprise}｜{status}"
LIST_LINE_INSPECTOR = "｜{inspector}"
LIST_STATUS = {"in_progress": "进行中", "submitted": "已提交"}
LIST_FOOT = "发送 /export 编号 重新获取检查表，例如 /export {id}"
EXPORT_USAGE = "用法：/export 检查编号（编号见提交成功的消息）。"
EXPORT_NOT_FOUND = "未找到编号为 {id} 的检查，或您无权查看。"
EXPORT_CAPTION = "📄 检查表（编号 {id}）：{enterprise}"
FORM_CAPTION_INSPECTOR = "📄 检查表：{enterprise}（{date}）"
FORM_CAPTION_GROUP = (
    "📄 {checklist}\n企业：{enterprise}\n检查人：{inspector}\n日期：{date}\n"
    "存在问题：{problems} 项，其中重大隐患：{major} 项"
)

# -- cancel / status --------------------------------------------------------
NOTHING_RUNNING = "当前没有进行中的检查。发送 /new 开始新的检查。"
CONFIRM_CANCEL = "确定要放弃对“{enterprise}”的检查吗？已填写的内容将不再提交。"
BUTTON_CANCEL_YES = "🗑 确定放弃"
BUTTON_CANCEL_NO = "继续检查"
CANCELLED = "已放弃该检查。发送 /new 开始新的检查。"
STATUS = "📍 当前检查：{enterprise}\n清单：{checklist}\n已完成 {answered}/{total} 项，照片 {photos} 张。\n当前：{where}"
STATUS_WHERE = {
    "enterprise": "填写企业名称",
    "item": "第 {number} 项",
    "problem": "第 {number} 项 — 描述问题",
    "advice": "第 {number} 项 — 专家建议",
    "hazard": "第 {number} 项 — 隐患级别",
    "deadline": "第 {number} 项 — 整改时限",
    "deadline-date": "第 {number} 项 — 整改时限",
    "records": "第 {number} 项 — 台账",
    "record-field": "第 {number} 项 — 台账记录",
    "principal": "填写企业主要负责人",
    "review": "确认提交",
}
NO_ENTERPRISE_YET = "（未填写）"

# -- photos and locations ---------------------------------------------------
PHOTO_SAVED = "📷 已保存照片（第 {number} 项）。"
PHOTO_SAVED_GENERAL = "📷 已保存照片（未关联具体项）。"
ALBUM_SAVED = "📷 已保存 {count} 张照片（第 {number} 项）。"
ALBUM_SAVED_GENERAL = "📷 已保存 {count} 张照片（未关联具体项）。"
PHOTO_DUPLICATE = "这张照片已保存过（第 {number} 项），未重复保存。"
PHOTO_REJECTED = {
    "too-large": "文件过大（最大 {mb} MB），未保存。请压缩后重新发送。",
    "not-an-image": "这个文件不是可识别的图片，未保存。请发送 JPG、PNG 或 WEBP 照片。",
    "unsupported-format": "不支持该图片格式，未保存。请发送 JPG、PNG 或 WEBP 照片。",
    "too-many-pixels": "图片尺寸过大，未保存。请缩小后重新发送。",
    "truncated": "图片文件不完整（可能传输中断），未保存。请重新发送。",
    "download-failed": "照片下载失败，未保存。请稍后重新发送。",
}
ALBUM_REJECTED = "另有 {count} 个文件未保存：{reason}"
PHOTO_NO_INSPECTION = "当前没有进行中的检查，照片未保存。发送 /new 开始新的检查。"
LOCATION_SAVED = "📍 已记录检查地点。"
LOCATION_NO_INSPECTION = "当前没有进行中的检查，位置未保存。发送 /new 开始新的检查。"

# -- errors and unsupported input -------------------------------------------
UNSUPPORTED = "抱歉，我只能处理文字、照片（或图片文件）和位置。"
STALE_BUTTON = "该按钮已失效，请使用最新消息中的按钮。"
NOT_YOURS = "这不是您的检查，无法操作。"
FAILED = "抱歉，处理时出错了，请重试。已确认保存的内容不会丢失。"
SLOW_DOWN = "消息太多了，请稍候再发送。"
EDITED_IGNORED = "修改已发送的消息不会更新记录。如需修改答案，请在卡片上点击“📋 目录”。"
ACCESS_CHECK_FAILED = "暂时无法核实您的权限，请稍后再试。"

# -- issue 8: failed checks, undelivered forms (robustness) ------------------
ACCESS_UNVERIFIED = "暂时无法核实您的身份（与 Telegram 的连接出现问题），请一分钟后再试。"
FORM_FAILED_INSPECTOR = "⚠️ 检查编号 {id} 的检查表未能生成，暂时无法发送。已保存的记录不会丢失，管理员已收到通知。"
FORM_FAILED_SUPERVISOR = "⚠️ 检查编号 {id}（{enterprise}，检查人：{inspector}）的检查表未能生成，未发送。请联系技术人员查看日志。"
UNDELIVERED_HEADER = "⚠️ 未送达的检查表："
UNDELIVERED_LINE = "检查编号 {id}：{enterprise}（{status}）"
UNDELIVERED_STATUS = {"failed": "生成或发送失败", "pending": "正在重试发送"}


# -- issue 10: the hazard register (隐患闭环) ----------------------------------
# Used by bot/hazards.py, bot/hazard_views.py, bot/hazard_contacts.py and
# bot/hazard_reminders.py. HTML where the text has tags.
HAZARD_COMMANDS: tuple[tuple[str, str], ...] = (
    ("hazards", "未销号隐患"),
    ("hazard", "按编号查看隐患，如 /hazard Y2025-0001"),
    ("revoke", "撤销我发出的企业联系人邀请"),
)
COMMANDS += HAZARD_COMMANDS
HELP += (
    "\n\n<b>隐患闭环</b>\n"
    "/hazards — 我发现的未销号隐患（逾期在前）\n"
    "/hazard 编号 — 查看隐患详情、历史和照片\n"
    "/revoke — 撤销我发出的企业联系人邀请"
)
HZ_STATE = {"待整改": "🔴 待整改", "待复查": "🟡 待复查", "已销号": "🟢 已销号"}
HZ_LEVEL = {"一般": "一般隐患", "重大": "‼️ 重大隐患"}
HZ_ENTERPRISE_STATE = {
    "可以复产": "✅ 可以复产",
    "一般隐患整改中，整改销号后方可复产": "⚠️ 一般隐患整改中，整改销号后方可复产",
    "不得复产复工": "⛔ 不得复产复工",
}
HZ_CARD = (
    "🚨 <b>隐患 {number}</b>（{level}）\n"
    "企业：{enterprise}\n"
    "状态：{state}\n"
    "检查项：第 {item} 项 {content}\n"
    "问题：{description}"
)
HZ_CARD_ADVICE = "\n建议：{advice}"
HZ_CARD_FOUND = "\n发现：{finder}，{date}"
HZ_CARD_DEADLINE = "\n整改时限：{deadline}{due}"
HZ_DUE_LEFT = "（还剩 {days} 天）"
HZ_DUE_TODAY = "（今天到期）"
HZ_DUE_OVER = "（⏰ 已逾期 {days} 天）"
HZ_CARD_EXTENSION = "\n⏳ 延期申请：延至 {deadline}，理由：{reason}"
HZ_CARD_ENTERPRISE = "\n企业状态：{state}"
HZ_WALK = "🔁 复查 {index}/{total}\n"
HZ_BUTTON = {
    "report": "📝 报告整改",
    "spot": "✅ 即查即改",
    "extension": "⏳ 申请延期",
    "history": "📜 历史记录",
    "invite": "🔗 邀请企业联系人",
    "accept": "✅ 通过",
    "reject": "↩️ 驳回",
    "grant": "✅ 批准延期",
    "refuse": "❌ 不批准",
    "submit": "📤 提交",
    "cancel": "取消",
    "prev": "◀️ 上一页",
    "next": "下一页 ▶️",
    "walk": "🔁 开始复查",
    "walk_next": "下一条 ▶️",
    "back": "⬅️ 返回",
}
HZ_REJECT_REASONS = ("整改不到位", "照片不能证明已整改", "整改内容与隐患不符", "需补充整改材料")
HZ_EXTEND_DAYS = (7, 15, 30)
HZ_EXTEND_BUTTON = "延长 {days} 天（至 {date}）"
HZ_LIST_HEAD_MINE = "🚨 <b>我发现的未销号隐患</b>（共 {total} 条，逾期在前）"
HZ_LIST_HEAD_ALL = "🚨 <b>未销号隐患</b>（共 {total} 条，按企业，逾期在前）"
HZ_LIST_HEAD_CONTACT = "🚨 <b>{enterprise} 的未销号隐患</b>（共 {total} 条）"
HZ_LIST_EMPTY = "✅ 没有未销号的隐患。"
HZ_LIST_ENTERPRISE = "\n🏭 <b>{enterprise}</b>（{state}）"
HZ_LIST_LINE = "{mark}<b>{number}</b>｜{level}｜{state}｜{due}｜{description}"
HZ_LIST_DUE = "时限 {deadline}"
HZ_LIST_OVER = "逾期 {days} 天"
HZ_LIST_PAGE = "\n\n第 {page}/{pages} 页"
HZ_LIST_TAP = "\n点击编号查看详情。"
HZ_USAGE = "用法：/hazard 隐患编号，例如 /hazard Y2025-0001"
HZ_NOT_FOUND = "未找到隐患 {number}，或您无权查看。"
HZ_HISTORY_HEAD = "📜 <b>隐患 {number} 的历史</b>"
HZ_HISTORY_LINE = "{at}｜{who}{role}｜{what}"
HZ_HISTORY_CHANGE = "：{old} → {new}"
HZ_HISTORY_NOTE = "（{note}）"
HZ_HISTORY_PHOTOS = "\n照片：整改前 {before} 张，整改后 {after} 张（见下）"
HZ_ROLE = {"staff": "", "supervisor": "（局领导）", "contact": "（企业联系人）"}
HZ_EVENT = {
    "created": "登记隐患",
    "report": "报告整改",
    "accept": "复查通过，销号",
    "reject": "驳回",
    "spot": "即查即改，销号",
    "ext_request": "申请延期",
    "ext_grant": "批准延期",
    "ext_refuse": "不批准延期",
}
HZ_PHOTO_BEFORE = "整改前（检查时）"
HZ_PHOTO_AFTER = "整改后"
HZ_COMPOSE_REPORT = (
    "📝 隐患 {number}：请发送<b>整改情况</b>（文字，说明做了什么），并上传<b>至少一张整改后照片</b>。"
    "完成后点击“提交”。"
)
HZ_COMPOSE_SPOT = (
    "✅ 隐患 {number} 即查即改：请上传<b>至少一张整改后照片</b>，并发送一句整改说明。完成后点击“提交”，隐患即销号。"
)
HZ_COMPOSE_EXTENSION = "⏳ 隐患 {number} 申请延期：请输入<b>延期理由</b>："
HZ_COMPOSE_EXTENSION_DATE = "请选择新的整改时限，或直接输入日期（如 {example}）："
HZ_DRAFT_TEXT = "已记录整改说明。照片 {photos} 张。"
HZ_DRAFT_PHOTO = "📷 已收到整改后照片（共 {photos} 张）。"
HZ_DRAFT_PHOTO_DUP = "这张照片已收到过，未重复保存。"
HZ_DRAFT_CANCELLED = "已取消，未作任何更改。"
HZ_DRAFT_GONE = "该操作已结束，请在隐患卡片上重新开始。"
HZ_DRAFT_ABANDONED = "（未提交的隐患整改/延期草稿已放弃；如需继续，请在隐患卡片上重新开始。）"
HZ_DATE_BAD = "无法识别的日期。请按 年-月-日 格式输入，例如 {example}。"
HZ_REPORTED = "✅ 隐患 {number} 的整改情况已提交，等待复查。"
HZ_SPOT_CLOSED = "✅ 隐患 {number} 已即查即改并销号。"
HZ_EXT_REQUESTED = "⏳ 隐患 {number} 的延期申请（至 {deadline}）已提交，等待局领导审批。"
HZ_ACCEPTED = "✅ 隐患 {number} 复查通过，已销号。"
HZ_REJECTED = "↩️ 隐患 {number} 被驳回，理由：{reason}。请继续整改。"
HZ_EXT_GRANTED = "✅ 隐患 {number} 的延期已批准，新整改时限 {deadline}。"
HZ_EXT_REFUSED = "❌ 隐患 {number} 的延期申请未获批准，整改时限仍为 {deadline}。"
HZ_REVIEW_POST = (
    "📝 <b>隐患 {number} 整改待复查</b>（{level}）\n企业：{enterprise}\n问题：{description}\n"
    "整改情况：{text}\n报告人：{who}\n整改后照片 {photos} 张。"
)
HZ_REVIEW_MAJOR = "\n重大隐患须由局领导（非发现人）复查。"
HZ_EXT_POST = (
    "⏳ <b>隐患 {number} 申请延期</b>（{level}）\n企业：{enterprise}\n"
    "原时限：{old} → 申请延至：{new}\n理由：{reason}\n申请人：{who}"
)
HZ_PICK_REASON = "请选择驳回理由："
HZ_DONE_BY = "\n\n{result}（{who}）"
HZ_REFUSAL = {
    "illegal": "该隐患当前状态不能进行此操作。",
    "stale": "该隐患已有新的变化，此按钮已失效。请打开最新的隐患卡片。",
    "not_allowed": "您无权进行此操作。",
    "not_supervisor": "只有局领导可以进行此操作。",
    "own_finding": "重大隐患须由发现人以外的局领导复查。",
    "need_text": "请先发送文字说明（整改情况或理由）。",
    "need_photo": "请至少上传一张整改后照片。",
    "major_not_on_spot": "重大隐患不能即查即改，须报告整改后由局领导复查。",
    "extension_pending": "已有一项延期申请等待审批。",
    "no_request": "没有待审批的延期申请。",
    "bad_date": "新的整改时限须在今天之后、一年以内。",
    "not_later": "新的整改时限须晚于当前时限。",
}
HZ_DEADLINE_PROBLEM = {"past": "整改时限不能早于今天。", "too_far": "整改时限不能超过一年。"}
HZ_OPEN_NOTICE = (
    "🔁 该企业有 <b>{total}</b> 条未销号隐患（其中重大隐患 {major} 条）。\n企业状态：{state}\n"
    "可先对这些隐患进行复查。"
)
HZ_INVITE = (
    "🔗 {enterprise} 的企业联系人邀请链接（7 天内有效，只能使用一次）：\n{link}\n\n"
    "对方通过此链接只能查看该企业的未销号隐患并报告整改。发送 /revoke 可撤销。"
)
HZ_INVITE_WELCOME = (
    "👋 您已作为 <b>{enterprise}</b> 的企业联系人加入。\n"
    "发送 /hazards 查看本企业的未销号隐患，在隐患卡片上点击“报告整改”上传整改情况和照片。"
)
HZ_INVITE_REFUSED = {
    "unknown": "邀请链接无效。请向检查人员索取新的链接。",
    "used": "该邀请链接已被使用或已撤销。请向检查人员索取新的链接。",
    "expired": "该邀请链接已过期（有效期 7 天）。请向检查人员索取新的链接。",
    "staff": "您是局工作人员，无需使用企业联系人邀请链接。",
}
HZ_CONTACT_SCOPE = "您是企业联系人，只能使用 /hazards 查看本企业隐患并报告整改。"
HZ_REVOKED = "已撤销 {invites} 个未使用的邀请链接和 {contacts} 位企业联系人。"
HZ_REMINDER = (
    "⏰ 隐患 {number}（{enterprise}，{level}）的整改时限是明天（{deadline}）。\n问题：{description}"
)
HZ_DIGEST_HEAD = "⏰ <b>逾期未销号隐患日报</b>（{date}，共 {total} 条）"
HZ_DIGEST_ENTERPRISE = "\n🏭 <b>{enterprise}</b>"
HZ_DIGEST_LINE = "{number}｜{level}｜逾期 {days} 天｜{description}"
HZ_DIGEST_FILE = "⏰ 逾期未销号隐患日报（{date}，共 {total} 条），详见附件。"
HZ_GROUP_NEED_PRIVATE = "请在与我的私聊中查看隐患详情：/hazard {number}"
HZ_MONTH = (
    "📊 <b>{month} 隐患统计</b>\n"
    "发现：{found} 条（一般 {found_g}，重大 {found_m}）\n"
    "已整改销号：{closed} 条（一般 {closed_g}，重大 {closed_m}）\n"
    "目前未销号：{open_now} 条"
)
HZ_MONTH_USAGE = "用法：/hazards 年-月，例如 /hazards 2025-06"

# -- ledgers (records items) --------------------------------------------------
RECORDS_HEAD = "📋 第 {number} 项：{content}\n已录入 <b>{count}</b> 条记录："
RECORDS_LINE = "{n}. {row}"
RECORDS_FOOT = "\n点击“➕ 添加一条”逐项录入，或发送企业台账 Excel（首行为列名）；全部录完后点击“✔️ 完成台账”。"
BUTTON_REC_ADD = "➕ 添加一条"
BUTTON_REC_DONE = "✔️ 完成台账"
BUTTON_REC_EDIT = "✏️ {n}"
BUTTON_REC_DEL = "🗑 {n}"
BUTTON_REC_DROP = "✖️ 放弃本条"
ASK_FIELD = "📝 第 {number} 项 台账第 {row} 条 — <b>{label}</b>（{k}/{total}）"
ASK_FIELD_CURRENT = "\n原值：{value}"
LEDGER_IMPORTED = "📥 已从 Excel 导入 {count} 条记录。"
LEDGER_PROBLEMS = "Excel 台账有以下问题，未导入任何记录（请修改后重新发送）："
LEDGER_NOT_HERE = "只有在填写台账项时才能导入 Excel 台账。"
LEDGER_BAD_FILE = "无法读取这个 Excel 文件，未导入。请发送 .xlsx 格式、首行为列名的台账。"

# -- the flow's refusals (codes of checklists.flow) ----------------------------
FLOW_REFUSED = {
    "press-button": "请点击上方按钮作答。",
    "empty": "内容不能为空，请重新输入。",
    "too-long": "内容过长（{length} 字），最多 32767 字，未保存。请精简后重新发送。",
    "required": "本项为必答项，不能选择不涉及。",
    "bad-date": "无法识别这个日期，未保存。请按 2025-06-30 或 6月30日 的格式输入。",
    "deadline-past": "整改期限不能早于今天，未保存。请重新输入。",
    "deadline-too_far": "整改期限不能超过一年，未保存。请重新输入。",
    "principal-bad": "姓名需为 1–30 个字，且不能包含换行。请重新输入企业主要负责人姓名：",
    "ledger-empty": "台账还没有记录。请先添加记录；如企业没有此类场所，请在本项选择“不涉及”。",
}
NOT_COMPLETE = "还有未完成的项目，已为您跳转到第一个未完成项。"
ENTERPRISE_MATCHES = "找到以下相近的企业，请点击选择；如都不是，请输入完整名称："
ENTERPRISE_NEW_BUTTON = "➕ 新企业：{name}"

# -- the form as a PDF (issue 13) ---------------------------------------------
# Caption of the PDF sent beside each .xlsx: the same form, for reading on a phone.
FORM_CAPTION_PDF = "📕 PDF 版：与同名 Excel 表格内容相同，手机上可直接查看、打印"

# -- the enterprise roster (issue 11; bot/roster.py) ----------------------------
ROSTER_COMMANDS: tuple[tuple[str, str], ...] = (
    ("enterprise", "查看企业信息，如 /enterprise 某某公司"),
    ("roster", "导出企业名录（管理人员）"),
)
COMMANDS += ROSTER_COMMANDS
HELP += (
    "\n\n<b>企业名录</b>\n"
    "/enterprise 名称 — 查看企业信息及技术指导责任单位\n"
    "/roster — 导出企业名录 Excel（管理人员）\n"
    "管理人员发送企业名录 .xlsx 文件并附言 /import 即可导入或更新名录。"
)
ROSTER_SUPERVISORS_ONLY = "只有管理人员可以导入或导出企业名录。"
ROSTER_IMPORT_HOW = (
    "请把企业名录作为 .xlsx 文件发送，并在文件的说明（附言）中写 /import。\n"
    "表头需包含：企业名称、统一社会信用代码、所属乡镇、行业领域、规模、类别（顺序不限，其他列会被忽略）。"
)
ROSTER_REJECTED = {
    "too-large": "文件超过 20 MB，无法接收。请删去多余的工作表或内容后重新发送。",
    "download-failed": "文件下载失败，请稍后重新发送。",
    "not-xlsx": "这不是 .xlsx 格式的 Excel 文件，未导入。请在 Excel 或 WPS 中“另存为 .xlsx”后重新发送。",
    "empty": "第一个工作表是空的，未导入。请把名录放在第一个工作表中。",
    "formula": "单元格 {detail} 含有公式，未导入。请复制整个表格后“选择性粘贴→数值”，再重新发送。",
    "merged": "表头或数据区有合并单元格（{detail}），未导入。请取消合并，每个单元格只写一个值后重新发送。",
    "missing-columns": "表头缺少：{detail}，未导入。表头需包含 企业名称、统一社会信用代码、所属乡镇、行业领域、规模、类别 六列（顺序不限）。",
    "doubled-columns": "表头中这些列出现了不止一次：{detail}，未导入。请只保留一列。",
    "too-many-rows": "表格超过 {detail} 行，未导入。请只保留企业名录。",
}
ROSTER_PROBLEMS = "名录中有 {count} 处问题："
ROSTER_CONFLICTS = "名录与已登记的企业有 {count} 处冲突："
ROSTER_MORE_PROBLEMS = "……另有 {count} 处问题未列出。"
ROSTER_NOTHING_STORED = "未导入任何企业。请修改后重新发送整个文件（附言 /import）。"
ROSTER_NO_ROWS = "表格只有表头，没有企业，未导入。"
ROSTER_IMPORTED = "✅ 企业名录已导入：新增 {added} 家，更新 {updated} 家。"
ROSTER_EMPTY = "企业名录还是空的。管理人员可发送 .xlsx 名录并附言 /import 导入。"
ROSTER_CAPTION = "📒 企业名录，共 {count} 家（可修改后附言 /import 重新导入）"
ENTERPRISE_USAGE = "用法：/enterprise 企业名称（至少两个字，可只写名称中的一部分）"
ENTERPRISE_NOT_FOUND = "名录中没有找到“{name}”。"
ENTERPRISE_CHOOSE = "找到多家企业，请输入更完整的名称：\n{names}"
ENTERPRISE_MORE = "\n……还有更多，请输入更完整的名称。"
ENTERPRISE_UNKNOWN = "未填写"
ENTERPRISE_CARD = (
    "🏭 <b>{name}</b>\n"
    "统一社会信用代码：{code}\n"
    "所属乡镇：{town}\n"
    "行业领域：{industry}\n"
    "规模：{scale}\n"
    "类别：{category}\n"
    "复工复产技术指导：{guidance}"
)

# -- reports the bureau owes upward (issue 12: bot/reports.py) -------------------
REPORT_COMMANDS: tuple[tuple[str, str], ...] = (("report", "生成上报报表（管理人员）"),)
COMMANDS += REPORT_COMMANDS
HELP += (
    "\n\n<b>上报报表</b>（管理人员）\n"
    "/report 1 2025-06 — 附件1 隐患排查整治调度表（月份可省略，默认本月）\n"
    "/report 2 — 附件2 重大事故隐患清单\n"
    "/report 3 企业名称 — 附件3 该企业有限空间管理台账\n"
    "/report 4 — 附件4 有限空间作业场所统计表\n"
    "/report 5 — 附件5 有限空间攻坚行动月报表\n"
    "/report weekly — 复产复工情况周报\n"
    "附件1、5中需人工填报的栏目：在机器人发来的表格中填写后，把文件发回并附言 /report-input。"
)
REPORT_SUPERVISORS_ONLY = "抱歉，上报报表只有管理人员可以生成或填报。"
REPORT_USAGE = (
    "用法：\n"
    "/report 1 2025-06 — 附件1 调度表（月份可省略）\n"
    "/report 2 2025-06 — 附件2 重大事故隐患清单\n"
    "/report 3 企业名称 — 附件3 有限空间管理台账\n"
    "/report 4 — 附件4 有限空间作业场所统计表\n"
    "/report 5 2025-06 — 附件5 有限空间攻坚行动月报表\n"
    "/report weekly — 复产复工情况周报"
)
REPORT_BAD_MONTH = "月份“{text}”看不懂，请写成 2025-06 这样的格式。"
REPORT_FUTURE_MONTH = "{month} 还没到，请选择本月或以前的月份。"
REPORT_ENTERPRISE_USAGE = "请写上企业名称，例如：/report 3 泽州县某某食品有限公司"
REPORT_ENTERPRISE_NOT_FOUND = "名录中没有找到“{name}”。可先用 /enterprise {name} 查找准确名称。"
REPORT_FAILED = "报表生成失败，已记录错误，请稍后重试或联系管理员。"
REPORT_INPUT_HOW = (
    "请在机器人发来的附件1或附件5表格中，填写需人工填报的栏目（自动统计的栏目会被忽略），"
    "保存后把 .xlsx 文件发回并附言 /report-input。"
)
REPORT_INPUT_REJECTED = {
    "too-large": "文件太大（超过 5 MB），未保存。请发送机器人生成的附件1或附件5表格。",
    "download-failed": "文件下载失败，请稍后重新发送。",
    "not-xlsx": "这不是 .xlsx 格式的 Excel 文件，未保存。请在 Excel 或 WPS 中“另存为 .xlsx”后重新发送。",
    "not-annex": "表格标题“{detail}”不是附件1（安全生产隐患排查整治调度表）或附件5（有限空间作业排查整治攻坚行动月报表），未保存。",
    "moved-columns": "表头与机器人生成的格式不一致（{detail} 处），可能插入或删除了列，未保存。请在 /report 发来的表格上直接填写。",
}
REPORT_INPUT_PROBLEMS = "表格中有 {count} 处问题，未保存任何数值：\n{lines}"
REPORT_INPUT_NOTHING = "表格中没有需人工填报的数值（空白单元格不会改动已填报的数值）。"
REPORT_INPUT_SAVED = "✅ 已保存附件{annex}的填报数值：{changed} 项有变动（共读取 {read} 项，{months}）。填报人：{who}。"
REPORT_DIALOGUE_USAGE = (
    "用法：/report-input 1 2025-06（附件1）或 /report-input 5 2025-06（附件5），"
    "机器人会逐项询问该月需人工填报的数值。也可把填好的表格文件发回并附言 /report-input。"
)
REPORT_DIALOGUE_ASK = (
    "附件{annex} {month}（{index}/{total}）\n{label}：当前 {current}\n"
    "请回复本消息：填数字；“跳过”保留原值；“清空”清除；“结束”退出。"
)
REPORT_DIALOGUE_NOT_NUMBER = "请回复一个不小于 0 的数字，或“跳过”“清空”“结束”。"
REPORT_DIALOGUE_WHOLE = "这一栏是家数或条数，请填整数。"
REPORT_DIALOGUE_DONE = "✅ 填报结束，共 {changed} 项有变动。可用 /report 查看报表。"
