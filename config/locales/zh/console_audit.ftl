## 工作台：操作日志（管理员）

console-nav-audit = 操作日志
console-audit-intro = 您辖区内工作人员的操作，以及在此工作的人员的登录记录，最新的在前。
console-audit-action = 操作
console-audit-person = 人员
console-audit-anyone = 所有人
console-audit-from = 起
console-audit-to = 止
console-audit-filter = 筛选
console-audit-clear = 清除
console-audit-when = 时间
console-audit-object = 对象
console-audit-place = 地点
console-audit-detail = 详情
console-audit-nobody = （终端）
console-audit-empty = 没有符合条件的记录。
console-audit-pages = 分页
console-audit-previous = ← 较新
console-audit-next = 较旧 →
console-audit-page = 第 { $number } 页
console-audit-bad-date = “{ $value }”不是日期（格式：年-月-日，如 2026-05-04）。
console-audit-dates-reversed = 开始日期晚于结束日期。
