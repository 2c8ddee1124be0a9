## Staff console: grid cases (bot/console/views_cases.py, templates/cases/)

console-nav-cases = 案件
console-cases-title = 网格案件
console-cases-filter-grid = 网格
console-cases-filter-category = 类别
console-cases-filter-state = 状态
console-cases-filter-sla = 期限
console-cases-filter-dropped = 有筛选条件无效(可能是旧链接),已改为“全部”。
console-cases-any = 全部
console-cases-state-all = 全部状态(含已结案)
console-cases-sla = { $colour ->
    [green] 🟢 正常
    [yellow] 🟡 快到期
    [red] 🔴 已超时
   *[none] ⚪ 无期限
}
console-cases-apply = 筛选
console-cases-reset = 清除筛选
console-cases-count = 共 { $count } 件
console-cases-empty = 没有符合条件的案件。
console-cases-col-number = 编号
console-cases-col-sla = 期限
console-cases-col-category = 类别
console-cases-col-place = 地点
console-cases-col-state = 状态
console-cases-col-due = 当前期限
console-cases-col-created = 提交时间
console-cases-escalated = ⏫ 已上报{ $level }
console-cases-pages = 翻页
console-cases-page = 第 { $page } / { $pages } 页
console-cases-prev = ‹ 上一页
console-cases-next = 下一页 ›

console-cases-back = ← 返回案件列表
console-cases-case-title = { $number } · { $category }
console-cases-facts = 案件信息
console-cases-fact-handler = 处理
console-cases-fact-accept-due = 受理期限
console-cases-fact-resolve-due = 办结期限
console-cases-fact-resolved = 处理时间
console-cases-fact-reporter = 反映人
console-cases-fact-followers = 关注
console-cases-followers = { $count } 人
console-cases-question-open = ❓ 正在等反映人回答问题。
console-cases-actions = 处理
console-cases-finished = 这个案件已经办结或不予受理,没有可以做的操作。
console-cases-note-label = 进展(最多 { $max } 字)
console-cases-resolve-label = 怎么处理的?(最多 { $max } 字)
console-cases-resolve-photo = 处理结果照片(必填,JPEG、PNG 或 WebP)
console-cases-ask-label = 想问反映人什么?(最多 { $max } 字)
console-cases-transfer-target = 转交给
console-cases-transfer-reason = 为什么转交?(最多 { $max } 字)
console-cases-reject-reason = 为什么不予受理?(最多 { $max } 字)
console-cases-reject-instead = 建议反映人去哪里办理?(如 12345 热线、物业公司,最多 { $max } 字)
console-cases-photos = 照片
console-cases-no-photos = 没有照片。
console-cases-photo-alt = { $number } 的第 { $index } 张照片
console-cases-photo-kind = { $evidence ->
    [yes] 处理结果
   *[no] 反映人拍摄
}
console-cases-history = 记录
console-cases-event = { $kind ->
    [submitted] 提交
    [followed] 有人关注
    [accepted] 受理
    [question] 工作人员提问
    [answer] 居民回复
    [transferred] 转交
    [note] 进展
    [resolved] 已处理
    [rejected] 不予受理
    [confirmed] 居民确认
    [closed] 自动结案
    [reopened] 重新打开
    [warned] 临近期限
    [escalated] 超时上报
   *[other] 其他
}
console-cases-event-go = 建议去:{ $where }
console-cases-event-to = 转给:{ $target }
console-cases-event-level = 上报到{ $level }
console-cases-event-rating = { $rating ->
    [satisfied] 满意
   *[unsatisfied] 不太满意
}

console-cases-bad-target = 请从列表里选择转交给谁。
console-cases-photo-required = 办结需要上传一张处理结果的照片。
console-cases-photo-type = 这个文件不是 JPEG、PNG 或 WebP 照片。
console-cases-col-escalated = 已上报至
console-cases-xlsx = ⬇ 导出 Excel(按当前筛选,全部页)
