## 工作台:12343 服务工单与服务商

console-nav-requests = 服务工单
console-requests-title = 12343 服务工单
console-requests-open = 未办结
console-requests-queue = 待派单
console-requests-overdue = 已超时
console-requests-providers = 服务商
console-requests-status = 状态
console-requests-any = 全部
console-requests-category = 类别
console-requests-provider = 服务商
console-requests-deadline = 时限
console-requests-sla = { $level ->
    [red] 🔴 已超时
    [yellow] 🟡 临近时限
   *[other] 正常
}
console-requests-filter = 筛选
console-requests-ticket = 工单号
console-requests-service = 服务
console-requests-community = 社区
console-requests-created = 受理时间
console-requests-complete-by = 办结时限
console-requests-respond-by = 响应时限
console-requests-newer = ← 较新
console-requests-older = 较早 →
console-requests-none = 没有符合条件的工单。
console-requests-back = ← 全部工单
console-requests-details = 详情
console-requests-preferred = 期望时间
console-requests-offered-to = 派给
console-requests-eta = 预计上门
console-requests-done-note = 服务情况
console-requests-done-hint = 最多 { $max } 个字。居民确认后工单办结。
console-requests-rating = 评价
console-requests-reopens = 重新办理
console-requests-contact = 联系方式
console-requests-who = 联系人
console-requests-address = 地址
console-requests-phone = 电话
console-requests-photo = 完工照片
console-requests-contact-hidden = 🔒 居民的地址和电话只给接线员看;服务商接单后可见,工单办结数日后不再显示。
console-requests-offer = 派给您,请在 { $until } 前答复
console-requests-accept = ✅ 接单
console-requests-reassign = 改派给其他服务商
console-requests-reassign-button = 🔀 改派
console-requests-history = 办理记录
console-requests-event = { $kind ->
    [created] 受理
    [offered] 派给服务商
    [accepted] 已接单
    [declined] 服务商无法接单
    [expired] 服务商未按时答复
    [reassigned] 接线员改派
    [queued] 转入待派单
    [done] 服务完成
    [confirmed] 居民确认
    [reopened] 居民反馈未完成,重新办理
    [cancelled] 居民取消
    [auto_closed] 到期自动办结(未评价)
   *[other] { $kind }
}
console-requests-actor-system = 系统
console-requests-actor-resident = 居民
console-requests-providers-title = 服务商及 { $month } 考评
console-requests-month-previous = ← 上个月
console-requests-month-next = 下个月 →
console-requests-services = 服务项目
console-requests-areas = 服务范围
console-requests-offers = 派单
console-requests-cases = 接单
console-requests-acceptance = 接单率
console-requests-on-time = 按时率
console-requests-inactive = 已停用
console-requests-no-providers = 您的辖区暂无服务商。
console-requests-bad-filter = 筛选条件不在选项中,请用表单选择。
console-requests-bad-eta = 请从列表中选择上门时间。
console-requests-bad-provider = 请从列表中选择服务商:提供该服务且在用的服务商。
console-requests-bad-month = 月份格式如 2026-11。
console-requests-done-at = 完成时间
console-requests-xlsx = ⬇ 导出 Excel(按当前筛选,含居民评价)
