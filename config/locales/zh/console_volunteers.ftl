## 工作台:志愿者与任务(bot/console/views_volunteers.py)

console-volunteers-nav = 志愿者
console-volunteers-title = { $community }志愿者
console-volunteers-community = 社区
console-volunteers-show = 查看
console-volunteers-new-task = 发布任务
console-volunteers-applications = 待审核申请({ $count })
console-volunteers-applied = 申请于 { $when }
console-volunteers-skills = 技能
console-volunteers-areas = 服务范围
console-volunteers-time = 可服务时间
console-volunteers-approve = 通过
console-volunteers-reason = 原因(会告知申请人)
console-volunteers-reject = 不通过
console-volunteers-list = 志愿者({ $count })
console-volunteers-none = 还没有志愿者。
console-volunteers-name = 姓名
console-volunteers-state = 状态
console-volunteers-hours = 时长(小时)
console-volunteers-services = 服务次数
console-volunteers-status = { $status ->
    [pending] 待审核
    [active] 在岗
    [paused] 暂停
   *[rejected] 未通过
}
console-volunteers-tasks = 任务({ $count })
console-volunteers-task = 任务
console-volunteers-when = 时间
console-volunteers-place = 地点
console-volunteers-taken = 已报名
console-volunteers-task-status = { $status ->
    [open] 招募中
    [filled] 已满
    [escalated] 需要您处理:已无人可问
    [done] 已完成
    [missed] 未完成
   *[cancelled] 已取消
}
console-volunteers-ranking = { $month } 时长排行(共 { $total } 小时)
console-volunteers-previous-month = ← 上个月
console-volunteers-next-month = 下个月 →
console-volunteers-rank = 名次
console-volunteers-public = 向居民展示
console-volunteers-in-ranking = { $shown ->
    [yes] 是
   *[no] 否(仅计入总数)
}
console-volunteers-ranking-empty = 本月还没有上报的服务时长。
console-volunteers-back = ← { $community }志愿者
console-volunteers-task-progress = 已报名 { $taken }/{ $needed } 人 · 已发出 { $wave } 轮邀请
console-volunteers-offers = 邀请({ $count })
console-volunteers-no-offers = 还没有邀请任何人;一分钟内会发出邀请。
console-volunteers-wave = 轮次
console-volunteers-offered = 邀请时间
console-volunteers-offer-state = { $state ->
    [offered] 等待答复
    [assigned] 已指派,等待确认
    [accepted] 已接受
    [way] 正在路上
    [declined] 已谢绝
    [expired] 未答复
    [withdrawn] 去不了了
    [done] 已完成
   *[cancelled] 已取消
}
console-volunteers-cancel-title = 取消此任务
console-volunteers-cancel-hint = 已报名的志愿者会收到通知;尚未答复的邀请失效。
console-volunteers-cancel = 取消任务
console-volunteers-new-task-title = 为{ $community }发布任务
console-volunteers-task-title = 做什么
console-volunteers-task-skill = 所需技能
console-volunteers-task-place = 地点
console-volunteers-task-day = 日期
console-volunteers-task-time = 开始时间
console-volunteers-task-length = 时段长度
console-volunteers-task-estimate = 每位志愿者服务时长(小时,如 1.5)
console-volunteers-task-places = 需要人数
console-volunteers-dispatch-hint = 发布后立即邀请最匹配的志愿者(技能、范围、时间),再邀请所有具备该技能的志愿者;仍有空缺时会通知您,与聊天中一样。
console-volunteers-publish = 发布并邀请志愿者
console-volunteers-pick-skill = 请选择任务所需技能。
console-volunteers-pick-place = 请选择任务地点。
console-volunteers-pick-length = 请选择时段长度。
console-volunteers-bad-date = 无法识别该日期,请选择日期。
console-volunteers-bad-time = 无法识别该时间,请填写“时:分”,如 09:30。
console-volunteers-bad-hours = 时长须大于 0、不超过 24 小时,如 1.5。
console-volunteers-hours-number = 时长(小时)
console-volunteers-hours-sheet = { $community } { $month } 志愿时长
console-volunteers-xlsx = ⬇ 导出本月时长(Excel)
