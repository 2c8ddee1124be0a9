# 志愿服务(handlers/volunteers*.py)。每条消息都必须在 en/volunteers.ftl 中有同名条目。

menu-volunteers = 🙋 志愿服务
menu-volunteers-staff = 🤝 志愿者管理
cmd-volunteer = 志愿服务:报名、我的任务
cmd-myhours = 我的志愿服务时长

## 技能、时间(选择器)

volunteers-skill = { $skill ->
    [property] 物业服务监督员
    [mediation] 矛盾纠纷调解员
    [customs] 移风易俗倡导员
    [facilities] 公共设施检查员
    [policy] 政策法律宣传员
    [civility] 小区文明劝导员
    [pets] 宠物饲养管理员
    [sanitation] 环境卫生治理员
    [companion] 陪伴探访
    [meals] 送餐
    [housework] 家务帮忙
    [health] 健康检查
    [tutoring] 辅导功课
    [patrol] 巡逻
    [any] 不限技能
   *[other] { $skill }
}
volunteers-day = { $day ->
    [mon] 周一
    [tue] 周二
    [wed] 周三
    [thu] 周四
    [fri] 周五
    [sat] 周六
   *[sun] 周日
}
volunteers-slot = { $slot ->
    [am] 上午(8–12点)
    [pm] 下午(12–18点)
   *[eve] 晚上(18–21点)
}
volunteers-time = { $days } · { $slots }
volunteers-every-day = 每天
volunteers-whole-community = 🏘 整个社区
volunteers-whole-grid = 整个网格
volunteers-by-building = 🏢 按楼栋选
volunteers-back = ↩ 返回
volunteers-next = 下一步 ▶
volunteers-save = 💾 保存
volunteers-submit = ✅ 提交报名
volunteers-publish = ✅ 发布任务

## 志愿者本人

volunteers-intro =
    🙋 志愿服务
    社区的七彩义工和"八大员"为邻居服务:探望独居老人、送餐、调解、巡逻……
    报名后,社区工作人员审核通过,就会把合适的任务发给您。您可以随时暂停。
volunteers-register = 🙋 报名当志愿者
volunteers-apply-again = 🔄 重新报名
volunteers-stars = 🏅 志愿之星
volunteers-page = 🙋 我的志愿者信息
    { $summary }
volunteers-profile =
    状态:{ $status ->
        [pending] ⏳ 等待社区审核
        [active] ✅ 已通过,正在服务
        [paused] ⏸ 已暂停
        [rejected] ✖ 未通过
       *[draft] 待提交
    }
    技能:{ $skills }
    服务范围:{ $areas }
    服务时间:{ $time }
    向服务对象提供电话:{ $phone ->
        [yes] 同意
       *[no] 不同意
    }
    出现在居民可见的排行榜:{ $rank ->
        [yes] 同意
       *[no] 不同意
    }
volunteers-rejected-page =
    很遗憾,您的志愿者报名没有通过。{ HAS($reason) ->
        [yes] {""}
            原因:{ $reason }
       *[no] {""}
    }
    您可以修改后重新报名。
volunteers-already-registered = 您已经报过名了。
volunteers-my-tasks = 📋 我的任务
volunteers-my-hours = ⏱ 我的时长
volunteers-edit-skills = ✏ 技能
volunteers-edit-areas = ✏ 服务范围
volunteers-edit-time = ✏ 服务时间
volunteers-edit-phone = ✏ 电话
volunteers-edit-rank = ✏ 排行榜
volunteers-pause = ⏸ 暂停接任务
volunteers-resume = ▶ 恢复接任务
volunteers-paused = ⏸ 已暂停,这段时间不会给您发任务。
volunteers-resumed = ▶ 已恢复,欢迎回来!
volunteers-saved = ✅ 已保存。
volunteers-back-page = ↩ 我的志愿者信息
volunteers-page-button = 🙋 我的志愿者信息
volunteers-not-volunteer = 您还不是志愿者。报名后就能记录服务时长。
volunteers-not-active = 您的志愿者身份现在不能这样操作。

## 报名步骤

volunteers-ask-skills = 1/5 您能做哪些事?可以选多项,选好后点"下一步"。
volunteers-need-skill = 请至少选一项技能。
volunteers-ask-areas = 2/5 您能在{ $community }的哪些地方服务?可以选多个网格,或按楼栋选。
volunteers-ask-buildings = 请选择楼栋(可多选),选好后点"返回"。
volunteers-need-area = 请至少选一个服务范围。
volunteers-ask-days = 3/5 您一般哪几天有空?(可多选)
volunteers-ask-slots = 哪些时段有空?(可多选)
volunteers-need-time = 请至少选一天和一个时段。
volunteers-ask-phone = 4/5 接到任务后,是否同意把您的电话告诉您服务的居民(比如您探望的老人)?
volunteers-phone-yes = ✅ 同意
volunteers-phone-no = ✖ 不同意
volunteers-ask-phone-number = 我们还没有您的手机号。请发送您的11位手机号:
volunteers-ask-rank = 5/5 是否同意在居民能看到的"志愿之星"排行榜上显示您的名字?(不同意也照样记录时长)
volunteers-rank-yes = ✅ 同意显示
volunteers-rank-no = ✖ 不显示
volunteers-confirm =
    请确认您的报名信息:
    { $summary }
volunteers-submitted = ✅ 报名已提交,已通知 { $told } 位社区工作人员审核。通过后会告诉您。

## 任务

volunteers-task-facts =
    📌 #{ $id } { $kind ->
        [visit] 探望 { $title }
       *[task] { $title }
    }
    技能:{ $skill }
    地点:{ $place }
    时间:{ $window }
    需要 { $places } 人,预计 { $hours } 小时
volunteers-last-visit = 上次探望:状态 { $score }/5{ HAS($note) ->
        [yes] ,留言:{ $note }
       *[no] {""}
    }
volunteers-offer =
    📣 { $direct ->
        [yes] 社区工作人员请您帮忙:
       *[no] 有一个志愿任务适合您:
    }
    { $facts }
    请在 { $deadline } 前回复。
volunteers-accept = ✅ 我能去
volunteers-decline = ✖ 这次不方便
volunteers-accepted =
    🙏 谢谢!这个任务交给您了。
    { $facts }{ HAS($details) ->
        [yes] {""}
            { $details }
       *[no] {""}
    }
    出发时请点"我出发了",完成后点"完成了"。
volunteers-visit-details =
    探望对象:{ $name }{ HAS($address) ->
        [yes] {""}
            地址:{ $address }
       *[no] {""}
    }{ HAS($phone) ->
        [yes] {""}
            电话:{ $phone }
       *[no] {""}
    }
volunteers-declined-ok = 好的,这个任务不会再发给您。谢谢您的回复!
volunteers-on-way = 🚶 我出发了
volunteers-done = ✅ 完成了
volunteers-cant = ✖ 去不了了
volunteers-on-way-ok = 🚶 路上注意安全!完成后请点"完成了"。
volunteers-cant-ok = 好的,已把这个名额让给其他志愿者。谢谢您告诉我们。
volunteers-too-early = 任务 { $start } 才开始,开始后再报告完成吧。
volunteers-reminder =
    ⏰ 提醒:您的志愿任务快开始了。
    { $facts }
volunteers-report-please = 任务"{ $title }"的时间已经过了。完成了吗?请点"完成了"记录时长。
volunteers-visit-coming = 👋 志愿者 { $name } 将在 { $window } 来看望您。{ HAS($phone) ->
        [yes] 联系电话:{ $phone }
       *[no] {""}
    }
volunteers-my-task =
    ✅ 已接的任务
    { $facts }{ HAS($details) ->
        [yes] {""}
            { $details }
       *[no] {""}
    }
volunteers-my-offer =
    📣 等您回复
    { $facts }
    请在 { $deadline } 前回复。
volunteers-tasks-end = 以上共 { $count } 项。
volunteers-no-tasks = 您现在没有任务。有合适的任务时会通知您。

## 报告完成

volunteers-ask-hours = 这次服务用了多少小时?点下面的按钮,或直接发数字(比如 1.5)。
volunteers-hours-choice = { $hours } 小时
volunteers-bad-hours = 请发一个 0 到 24 之间的小时数,比如 1.5。
volunteers-ask-outcome = 简单说说做了什么、结果如何(可以跳过):
volunteers-ask-wellbeing = 老人今天状态怎么样?
volunteers-wellbeing-choice = { $score ->
    [5] 😄 5 很好
    [4] 🙂 4 不错
    [3] 😐 3 一般
    [2] 🙁 2 不太好
   *[1] 😟 1 需要关注
}
volunteers-bad-wellbeing = 状态请选 1 到 5。
volunteers-ask-note = 给下一位探望的志愿者留句话吧(可以跳过):
volunteers-done-thanks = 🎉 辛苦了!本次记录 { $hours } 小时,您累计服务 { $total } 小时。社区工作人员核实后会告诉您。

## 时长与排行

volunteers-hours =
    ⏱ 我的志愿服务时长
    共服务 { $services } 次,累计 { $hours } 小时(已核实 { $verified } 小时){ HAS($months) ->
        [yes] {""}
            按月:
            { $months }
       *[no] {""}
    }{ HAS($kinds) ->
        [yes] {""}
            按类别:
            { $kinds }
       *[no] {""}
    }
volunteers-hours-line = · { $label }:{ $hours } 小时
volunteers-certificate-button = 📜 服务证明
volunteers-certificate =
    📜 志愿服务证明
    兹证明 { $name } 自 { $since } 起{ HAS($community) ->
        [yes] 在{ $community }
       *[no] {""}
    }参加志愿服务 { $services } 次,累计 { $hours } 小时,其中经社区核实 { $verified } 小时。
    服务类别:{ $kinds }
    { HAS($community) ->
        [yes] { $community } · 
       *[no] {""}
    }邻里  { $date }
volunteers-stars-text =
    🏅 { $month } 志愿之星{ HAS($lines) ->
        [yes] {""}
            { $lines }
       *[no] {""}
    }
    另有 { $others } 位志愿者默默奉献了 { $others_hours } 小时。谢谢每一位!
volunteers-rank-line = { $rank }. { $name } { $hours } 小时({ $services } 次)

## 工作人员

volunteers-hub =
    🤝 { $community } · 志愿者管理
    在岗志愿者 { $volunteers } 人,待审核 { $pending } 人
    进行中的任务 { $tasks } 个,待核实时长 { $hours } 条
volunteers-staff-hub = ↩ 志愿者管理
volunteers-staff-new = ➕ 发布任务
volunteers-staff-board = 📋 任务看板
volunteers-staff-pending = 📝 待审核({ $count })
volunteers-staff-pairings = 🤝 结对帮扶
volunteers-staff-hours = ⏱ 待核实({ $count })
volunteers-staff-ranking = 🏅 本月排行
volunteers-application =
    🙋 新的志愿者报名:{ $name }
    技能:{ $skills }{ HAS($areas) ->
        [yes] {""}
            服务范围:{ $areas }
       *[no] {""}
    }
    服务时间:{ $time }
volunteers-approve = ✅ 通过
volunteers-reject-button = ✖ 不通过
volunteers-approved = 🎉 您的志愿者报名已通过!有合适的任务时会通知您。
volunteers-approved-staff = ✅ 已通过 { $name } 的报名。
volunteers-ask-reason = 请写一下不通过的原因(会告诉报名人):
volunteers-rejected = 很遗憾,您的志愿者报名没有通过。原因:{ $reason }
volunteers-rejected-staff = 已告诉 { $name } 报名未通过。
volunteers-review-done = 这份报名已经处理过了。
volunteers-no-pending = 没有待审核的报名。
volunteers-list-end = 以上共 { $count } 条。
volunteers-board =
    📋 任务看板
    { $lines }
volunteers-board-line = #{ $id } { $title } · { $when } · { $taken }/{ $needed } 人 · { $status ->
    [open] 招募中
    [filled] 已满
    [escalated] ⚠ 需要协调
    [done] 已完成
    [missed] ⚠ 未完成
   *[cancelled] 已取消
}
volunteers-board-empty = 现在没有任务。
volunteers-task-button = #{ $id }
volunteers-task-view =
    { $facts }
    状态:{ $status ->
        [open] 招募中
        [filled] 已满
        [escalated] ⚠ 需要协调
        [done] 已完成
        [missed] ⚠ 未完成
       *[cancelled] 已取消
    } · 已有 { $taken }/{ $needed } 人 · 第 { $wave } 轮{ HAS($lines) ->
        [yes] {""}
            { $lines }
       *[no] {""}
    }
volunteers-offer-line = · { $name }:{ $state ->
    [offered] 等待回复
    [assigned] 指派,等待确认
    [accepted] 已接受
    [way] 🚶 在路上
    [declined] 婉拒
    [expired] 未回复
    [withdrawn] 去不了了
    [done] ✅ 已完成
   *[cancelled] 已取消
} { $wave ->
    [0] (直接指派)
   *[other] (第 { $wave } 轮)
}
volunteers-refresh = 🔄 刷新
volunteers-view-task = 📋 查看任务
volunteers-assign = 👤 直接指派
volunteers-cancel-task = ✖ 取消任务
volunteers-cancel-confirm = 确定取消任务"{ $title }"吗?已接任务的志愿者会收到通知。
volunteers-cancel-yes = ✖ 确定取消
volunteers-cancelled-staff = 任务已取消,已通知 { $told } 位志愿者。
volunteers-task-cancelled = 任务"{ $title }"已取消,不用去了。谢谢您!
volunteers-escalated =
    ⚠️ 任务还差 { $left } 人,两轮邀请都没招满。
    { $facts }{ HAS($declined) ->
        [yes] {""}
            婉拒:{ $declined }
       *[no] {""}
    }{ HAS($silent) ->
        [yes] {""}
            未回复:{ $silent }
       *[no] {""}
    }
    您可以直接指派一位志愿者(对方确认后生效)。
volunteers-update = { $event ->
    [filled] ✅ 人满了,最后一位:{ $name }
    [way] 🚶 { $name } 已出发
    [cant] ⚠ { $name } 去不了了,已重新邀请其他志愿者
    [confirmed] ✅ { $name } 确认了您的指派
    [refused] ✖ { $name } 不能接受您的指派
   *[done] ✅ { $name } 已完成
}
    { $facts }
volunteers-ask-assignee = 指派谁去做"{ $title }"?(前面带 · 的没有这项技能)
volunteers-nobody = 没有可以指派的志愿者。
volunteers-resident-gone = 一位已注销的居民
volunteers-assigned-staff = 已请 { $name } 确认。对方确认后会告诉您。
volunteers-already-on-task = 这位志愿者已经在这个任务里了。
volunteers-hours-reported =
    ⏱ { $name } 报告完成,{ $hours } 小时
    { $facts }{ HAS($outcome) ->
        [yes] {""}
            情况:{ $outcome }
       *[no] {""}
    }
    { $score ->
        [0] {""}
        [1] ⚠ 老人状态:1/5,需要关注!{ HAS($note) ->
                [yes] 留言:{ $note }
               *[no] {""}
            }
        [2] ⚠ 老人状态:2/5,需要关注!留言:{ $note }
       *[other] 老人状态:{ $score }/5。{ HAS($note) ->
                [yes] 留言:{ $note }
               *[no] {""}
            }
    }
volunteers-verify = ✅ 核实
volunteers-adjust = ✏ 调整时长
volunteers-ask-adjust = 请发送核实后的小时数(比如 1.5):
volunteers-verified-staff = ✅ 已核实 { $name } 的 { $hours } 小时。
volunteers-verified = ✅ 社区已核实您在"{ $title }"的服务时长:{ $hours } 小时。
volunteers-no-unverified = 没有待核实的时长。
volunteers-unverified-line = { $name } · { $title } · { $when } · 报告 { $hours } 小时
volunteers-ranking =
    🏅 { $month } 志愿服务排行(共 { $total } 小时){ HAS($lines) ->
        [yes] {""}
            { $lines }
       *[no] {""}
    }
volunteers-staff-rank-line = { $rank }. { $name } { $hours } 小时({ $services } 次){ $public ->
    [yes] {""}
   *[no] 🔒
}
volunteers-previous-month = ◀ 上个月
volunteers-next-month = 下个月 ▶

## 发布任务

volunteers-ask-title = 发布志愿任务:要做什么?(一句话,比如"给3栋王奶奶送午饭")
volunteers-ask-task-skill = 需要什么技能?
volunteers-ask-grid = 在哪里?
volunteers-ask-building = 哪一栋?
volunteers-ask-day = 哪一天?点按钮,或发日期(比如 6-5)。
volunteers-day-choice = { $offset ->
    [0] 今天
    [1] 明天
   *[other] { $day }
} { $date }
volunteers-bad-date = 没看懂这个日期。请发"月-日",比如 6-5。
volunteers-date-past = 这个时间已经过去了,请另选。
volunteers-ask-time = 几点开始?点按钮,或发时间(比如 9:30)。
volunteers-bad-time = 没看懂这个时间。请发"时:分",比如 9:30。
volunteers-ask-length = 时间段多长?
volunteers-ask-estimate = 预计每人服务多少小时?
volunteers-ask-places = 需要几位志愿者?点按钮或发数字(最多 { $max })。
volunteers-task-bad-places = 人数请在 1 到 { $max } 之间。
volunteers-task-preview =
    请确认:
    { $facts }
volunteers-task-created = ✅ 任务 #{ $id } 已发布,已邀请 { $sent } 位志愿者。
volunteers-task-past = 任务的开始时间已经过去了。
volunteers-task-bad-window = 结束时间要晚于开始时间。
volunteers-task-no-title = 请写一下要做什么。

## 结对帮扶

volunteers-pairing-line =
    🤝 { $resident }:{ $volunteers }
    每 { $every } 天探望一次,下次 { $next }
volunteers-pairing-stop = ✖ 结束结对
volunteers-pairings-end = 共 { $count } 个结对。
volunteers-pairing-new = ➕ 新建结对
volunteers-pairing-stopped = 已结束这个结对。
volunteers-ask-resident = 结对帮扶哪位居民?请发他/她的名字(或名字中的字):
volunteers-no-resident = 社区里没有叫"{ $name }"的居民,请换个写法。
volunteers-pick-resident = 请选择:
volunteers-ask-pair-volunteers = 由哪些志愿者结对?(可多选)
volunteers-pairing-no-volunteers = 请至少选一位志愿者。
volunteers-ask-every = 多久探望一次?
volunteers-every = 每 { $days } 天
volunteers-pairing-created = ✅ 已为 { $resident } 建立结对,每 { $every } 天探望一次,第一次 { $next }。
volunteers-visit-missed =
    ⚠️ { $resident } 的这次探望没有人报告完成。
    { $facts }{ HAS($takers) ->
        [yes] {""}
            接了任务的志愿者:{ $takers }
       *[no] {""}
    }
    请尽快联系确认老人是否安好。

## 出错

volunteers-not-yours = 这不是您的任务。
volunteers-already-accepted = 您已经接了这个任务。
volunteers-already-declined = 您已经回复过不方便了。
volunteers-task-closed = 这个任务已经结束或取消了。
volunteers-task-full = 这个任务的人已经满了,谢谢您!
volunteers-offer-gone = 这个邀请已经失效了。
volunteers-ranking-chart-title = { $month } 志愿服务时长(前 10 位)
volunteers-ranking-chart-hours = 时长
volunteers-ranking-chart-axis = 小时
