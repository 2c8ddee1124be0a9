## 工作台:通知(bot/console/views_notices.py)

console-notices-nav = 通知
console-notices-title = 通知
console-notices-compose = 发通知
console-notices-none = 您负责的地方还没有通知。
console-notices-when = 时间
console-notices-place = 发给
console-notices-text = 内容
console-notices-state = 状态
console-notices-recipients = 对象人数
console-notices-sent = 已送达
console-notices-pending = 待发送
console-notices-failed = 发送失败
console-notices-unreachable = 联系不上
console-notices-withdrawn = 已撤回(取消)
console-notices-acknowledged = 已确认收到
console-notices-notice = 通知 #{ $id }
console-notices-back = ← 全部通知
console-notices-what = 通知内容
console-notices-photo-alt = 通知附图
console-notices-facts = 发给 { $who }(以{ $place }名义)· { $urgency } · { $topic } · { $when } · 发布人 { $author }
console-notices-ledger = 送达情况
console-notices-not-queued-yet = 到发送时间后,消息排队时才计入对象人数。
console-notices-csv = 下载送达明细(CSV)
console-notices-cancel = 取消通知
console-notices-messages = 消息明细(此处最多列出 { $total } 条,CSV 含全部):{ $shown }
console-notices-name = 姓名
console-notices-language = 语言
console-notices-channel = 渠道
console-notices-attempts = 尝试次数
console-notices-sent-at = 送达时间
console-notices-message-status = { $status ->
    [pending] 待发送
    [sent] 已送达
    [failed] 失败
    [unreachable] 联系不上
   *[cancelled] 已撤回
}
console-notices-reminder = 提醒
console-notices-who = 发给谁
console-notices-scope = 以哪里的名义
console-notices-audience-all = 住在那里的所有人
console-notices-audience-places = 只发给这些地方:
console-notices-audience-roles = 只发给那里有以下身份的人:
console-notices-language-all = 所有语言
console-notices-text-zh = 中文内容
console-notices-text-en = 英文内容(可不填;不填则英文用户收到中文)
console-notices-photo = 图片(可不填)
console-notices-photo-kept = 已保留之前上传的图片;选择新文件可替换。
console-notices-photo-hint = JPEG、PNG 或 WebP,最大 { $mb } MB。
console-notices-urgency = 紧急程度
console-notices-topic = 类别
console-notices-when-now = 立即发送
console-notices-when-at = 定时(本地时间)
console-notices-preview = 预览
console-notices-preview-title = 发送前请确认
console-notices-count = { $count } 人
console-notices-preview-facts = 发给 { $who } · { $urgency } · { $topic } · { $when }
console-notices-held = 届时正值夜间,普通通知将于 { $time } 发出。
console-notices-critical-hint = 非常紧急:每位收到的人都会被请求确认已读;未确认的会再提醒一次。
console-notices-as-seen = { $language ->
    [en] 英文用户
   *[zh] 中文用户
}看到的内容
console-notices-confirm = 发送给 { $count } 人
console-notices-back-to-edit = 返回修改
console-notices-pick-scope = 请选择以哪里的名义发送。
console-notices-pick-places = 请至少勾选一个地方,或选择所有人。
console-notices-place-outside = 所选地方不都在{ $place }内;请勾选属于发送名义所在地的地方。
console-notices-pick-roles = 请至少勾选一种身份,或选择所有人。
console-notices-pick-audience = 请选择发给谁。
console-notices-pick-language = 请选择语言。
console-notices-need-text = 请填写中文内容。
console-notices-pick-urgency = 请选择紧急程度。
console-notices-pick-topic = 请选择类别。
console-notices-bad-time = 请选择“立即发送”,或为“定时”填写日期和时间。
console-notices-photo-lost = 图片未能保留,请重新选择文件。
console-notices-photo-type = 只能上传图片:JPEG、PNG 或 WebP。
console-notices-scheduled = 已定于 { $time } 发送给 { $count } 人。
console-notices-sending = 正在发送给 { $count } 人({ $time })。
console-notices-as-template = 微信模板消息(对方 48 小时内没有发消息)
console-notices-waiting-window = 等对方在微信里发消息后送达
console-notices-delivered-as = 送达方式
console-notices-xlsx = ⬇ 下载送达明细(Excel)
console-notices-ledger-sheet = 通知 { $id } 送达明细
