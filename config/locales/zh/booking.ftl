# 场地预约(handlers/booking*.py)。每条消息在 en/booking.ftl 中都有同名条目。

cmd-book = 预约活动室
cmd-mybookings = 我的预约
menu-book = 📅 预约活动室
menu-mybookings = 🗓 我的预约
menu-rooms = 📋 场地管理

## 通用

booking-back = ◀ 返回
booking-duration = { $hours ->
    [0] { $minutes } 分钟
   *[other] { $minutes ->
        [0] { $hours } 小时
        [30] { $hours } 个半小时
       *[other] { $hours } 小时 { $minutes } 分钟
    }
}
booking-status = { $status ->
    [pending] ⏳ 待审批
    [confirmed] ✅ 已确认
    [cancelled] ✖ 已取消
    [rejected] ✖ 未通过
    [expired] ⌛ 未及审批
    [no_show] ⚠ 未签到
   *[other] { $status }
}
booking-status-checked-in = ✅ 已签到
booking-line = { $number } · { $when } · { $room }({ $centre })· { $status }
booking-details =
    预约号:{ $number }
    时间:{ $when }
    地点:{ $centre } · { $room }{ HAS($address) ->
        [yes] {""}
            地址:{ $address }
       *[no] {""}
    }
    用途:{ $purpose }
    人数:{ $attendees } 人
    状态:{ $status }
booking-mine-button = 🗓 我的预约
booking-book-again = 📅 预约活动室
booking-calendar-one = 📅 加入手机日历
booking-calendar-all = 📅 导出到日历
booking-calendar-update = 📅 更新手机日历

## 预约流程

booking-suspended-now = ⚠ 因多次预约后未到场,您的预约功能暂停到 { $until }。到期后会自动恢复。
booking-no-centres = 您的社区还没有可以预约的活动室。
booking-staff-button = 📋 场地管理
booking-ask-centre = 📅 预约活动室
    请选择服务中心:
booking-room-line = • { $name }:可容纳 { $capacity } 人{ HAS($equipment) ->
        [yes] ;设备:{ $equipment }
       *[no] {""}
    }{ $approval ->
    [yes] (需工作人员审批)
   *[other] {""}
}
booking-ask-room =
    🏢 { $centre }{ HAS($address) ->
        [yes] {""}
            地址:{ $address }
       *[no] {""}
    }

    { $rooms }

    请选择活动室:
booking-earlier-days = ◀ 前几天
booking-later-days = 后几天 ▶
booking-ask-day =
    📅 { $room }
    { $rules }

    请选择日期:
booking-rules = 每次 { $shortest } 到 { $longest };至少提前 { $notice } 预约;最远可约 { $horizon } 天内{ $quota ->
    [none] {""}
   *[other] ;每人每周限 { $quota }
}{ $approval ->
    [yes] ;需工作人员审批
   *[other] {""}
}。
booking-other-day = ◀ 换一天
booking-no-days =
    📅 { $room }
    { $rules }

    😔 近期没有可以预约或排队的日子了。请换一个活动室,或过几天再来看看。
booking-ask-time = 🕘 { $day } · { $room }
    下面都是空闲的开始时间,请选择:
booking-no-times = 😔 { $day } { $room } 已经没有空闲时间了。请换一天,或排队等候。
booking-waitlist-button = ⏳ 已约满的时段:排队等候
booking-ask-wait = ⏳ { $day } · { $room }
    这些时段已被预约。选一个排队,有人取消时会第一时间通知您:
booking-nothing-to-wait = { $day } { $room } 没有可以排队的时段。
booking-time-gone = ⌛ 这个时间刚刚被别人约走了,请重新选择。
booking-duration-choice = { $duration }(到 { $until })
booking-ask-duration = ⏱ 从 { $start } 开始,用多长时间?
booking-purpose-meeting = 开会
booking-purpose-class = 兴趣班 / 排练
booking-purpose-activity = 文体活动
booking-purpose-study = 学习 / 读书
booking-ask-purpose = 📝 用来做什么?请点下面的按钮,或直接打字(最多 { $max } 个字)。
booking-ask-attendees = 👥 大约多少人参加?(最多 { $capacity } 人)请点按钮或输入数字。
booking-bad-attendees = 人数请填 1 到 { $capacity } 之间的数字。
booking-summary =
    地点:{ $centre } · { $room }
    时间:{ $when }
    用途:{ $purpose }
    人数:{ $attendees } 人{ $approval ->
        [yes] {""}
        需要工作人员审批,审批后会通知您。
       *[other] {""}
    }
booking-ask-confirm = { $waiting ->
    [yes] ⏳ 请确认排队信息:
   *[other] ✅ 请确认预约信息:
}

    { $summary }
booking-confirm-button = ✅ 确认预约
booking-weekly-button = 🔁 每周同一时间重复
booking-join-waitlist = ⏳ 排队等候这个时段
booking-other-time = 🕘 换个时间
booking-done = { $pending ->
    [yes] ⏳ 已提交,等待工作人员审批。审批结果会发消息告诉您。
   *[other] 🎉 预约成功!
}

    { $details }

    开始前 { $window } 分钟到开始后 { $window } 分钟内请在"我的预约"里签到,否则预约会被取消并记一次未到场。
booking-waitlist-joined = ⏳ 已排队:{ $room } { $when },您排第 { $position } 位。
    有人取消时我们会通知您,您有 { $minutes } 分钟时间确认。

## 每周重复

booking-weeks-choice = { $weeks } 周
booking-ask-weeks = 🔁 每周 { $weekday } 这天 { $start }–{ $end },重复几周?
booking-clash-line = ✖ { $when }:{ $why }
booking-series-preview =
    🔁 共 { $weeks } 次,其中 { $free } 次可以预约。{ HAS($clashes) ->
        [yes] {""}
            不能预约的:
            { $clashes }
       *[no] {""}
    }
booking-series-confirm = ✅ 预约这 { $count } 次
booking-series-none =
    😔 这些时间都约不上了{ HAS($clashes) ->
        [yes] {":"}
            { $clashes }
       *[no] 。
    }
booking-series-done = { $pending ->
    [yes] ⏳ 已提交 { $count } 次预约,等待审批:
   *[other] 🎉 已预约 { $count } 次:
}
    { $room }({ $centre })
    { $bookings }

    没约上的:
    { $clashes }

## 我的预约

booking-mine =
    🗓 我的预约
    { $bookings }
booking-mine-empty = 🗓 您现在没有预约。
booking-checkin-button = ✅ 签到 { $number }
booking-cancel-one = ✖ 取消 { $number }
booking-wait-line = { $offered ->
    [yes] 🔔 空出来了,请尽快确认:
   *[other] ⏳ 排队中:
} { $room } { $when }
booking-wait-leave = 🚶 不排了({ $when })
booking-history-button = 📜 过去的预约
booking-history-more = 更早的 ▶
booking-history =
    📜 过去的预约
    { $bookings }
booking-history-empty = 📜 还没有过去的预约。
booking-cancel-ask = 确定要取消这个预约吗?
    { $booking }
booking-cancel-yes = ✖ 确定取消
booking-cancel-keep = ↩ 不取消
booking-cancel-button = ✖ 取消预约
booking-cancelled = 已取消:{ $booking }
    如果加入过手机日历,点"更新手机日历"就会同步删除。
booking-checked-in = ✅ 签到成功!{ $booking }
booking-ics-summary = { $room }:{ $purpose }
booking-ics-sent = 📅 日历文件({ $count } 个预约)已发送,点开即可加入手机日历。
booking-offer-claim = ✅ 我要这个时段
booking-offer-decline = ✖ 不需要了
booking-offer-declined = 好的,已让给下一位排队的居民。
booking-wait-left = 已退出排队。

## 通知

booking-approval-request =
    📋 新的预约申请,请审批
    申请人:{ $name }
    { $details }
booking-approve = ✅ 同意
booking-reject = ✖ 不同意
booking-told-approved = ✅ 您的预约已通过审批:
    { $booking }
booking-told-rejected = ✖ 您的预约没有通过:
    { $booking }
    原因:{ $reason }
booking-told-cancelled = ✖ 工作人员取消了您的预约:
    { $booking }
    原因:{ $reason }
booking-told-expired = ⌛ 您的预约在开始前没有等到审批,已自动取消:
    { $booking }
booking-offer = 🔔 您排队的时段空出来了!
    { $centre } · { $room }
    { $when }
    请在 { $until } 前确认,过时会让给下一位。
booking-offer-expired = ⌛ 您没有在规定时间内确认,{ $room } { $when } 已让给下一位。
booking-reminder = { $soon ->
    [yes] ⏰ 一小时后开始:
   *[other] ⏰ 明天的预约提醒:
}
    { $details }
    请在开始前后 { $window } 分钟内签到。不能来请提前取消。
booking-no-show = ⚠ 您没有签到,预约已取消,活动室让给了其他居民:
    { $booking }
    { $days } 天内第 { $count } 次未到场(满 { $limit } 次将暂停预约)。
booking-suspended = 因多次未到场,您的预约功能暂停到 { $until }。

## 不能预约的原因

booking-err-gone = 这个活动室已经不存在了。
booking-err-not-allowed = 这个活动室只对本社区居民开放。
booking-err-suspended = 您的预约功能暂停到 { $until }。
booking-err-duration = 每次预约要在 { $min } 到 { $max } 分钟之间。
booking-err-past = 这个时间已经过去了。
booking-err-notice = 至少要提前 { $minutes } 分钟预约。
booking-err-horizon = 最远只能预约 { $days } 天以内。
booking-err-closed = 这个时间活动室不开放。
booking-err-granularity = 预约时间要按 { $slot } 分钟一格来选。
booking-err-capacity = 人数超过了活动室的容量({ $capacity } 人)。
booking-err-quota = 每人每周最多 { $quota } 小时,您这周已约 { $used } 小时。
booking-err-blackout = 活动室在 { $start } 到 { $end } 暂停开放。
booking-err-taken = 😔 这个时段刚刚被别人约走了。可以排队等候,或换个时间。
booking-err-purpose = 用途请写 1 到 { $max } 个字。
booking-err-weeks = 重复次数不对,请重新选择。
booking-err-not-active = 这个预约已经取消或结束了。
booking-err-started = 预约已经开始,不能再取消。
booking-err-decided = 这个预约已经处理过了。
booking-err-checkin-early = 还没到签到时间,{ $opens } 开始可以签到。
booking-err-checkin-late = 签到时间已过。
booking-err-free-now = 👍 这个时段现在空出来了,可以直接预约!
booking-err-already-waiting = 您已经在排这个时段的队了。
booking-err-not-yours = 这不是您的预约。
booking-err-offer-gone = 这个机会已经过期或让给别人了。

## 工作人员

booking-not-staff = 只有活动室管理员和社区工作人员可以使用这个功能。
booking-staff-choose = 📋 场地管理:请选择服务中心
booking-staff-centre-button = 🏢 { $name }
booking-staff-centre = 📋 { $centre }
    待审批:{ $pending } 个
booking-staff-today = 📋 今天的安排
booking-staff-tomorrow = 📋 明天的安排
booking-staff-block = ⛔ 封锁时段(维修/节假日)
booking-staff-stats = 📊 使用统计
booking-staff-pending = ✅ 待审批({ $count })
booking-staff-back = ↩ 返回场地管理
booking-staff-previous-day = ◀ 前一天
booking-staff-next-day = 后一天 ▶
booking-staff-next-week = 下周 ⏩
booking-staff-cancel = ✖ 取消 { $number }({ $time })
booking-schedule =
    📋 { $centre } · { $day }
    { $lines }
booking-schedule-empty = 📋 { $centre } · { $day }:没有预约。
booking-schedule-line = { $time } { $room } · { $purpose }({ $attendees } 人)· { HAS($name) ->
        [yes] { $name } · 
       *[no] {""}
    }{ $number } · { $status }
booking-schedule-blocked = ⛔ { $time } { $room } · 暂停开放{ HAS($reason) ->
        [yes] :{ $reason }
       *[no] {""}
    }
booking-pending-none = 👍 没有待审批的预约。
booking-pending-title = ✅ 待审批的预约共 { $count } 个:
booking-pending-item =
    { HAS($name) ->
        [yes]
            申请人:{ $name }
            {""}
       *[no] {""}
    }{ $details }
booking-pending-end = { $more ->
    [0] 以上是全部待审批的预约。
   *[other] 还有 { $more } 个,处理完上面的再发送 /approvals 查看。
}
booking-approved = ✅ 已同意,已通知申请人:
    { $booking }
booking-ask-reason = { $action ->
    [reject] 请写一下不同意的原因(会告诉申请人,最多 { $max } 个字):
   *[other] 请写一下取消的原因(会告诉预约人,最多 { $max } 个字):
}
    { $booking }
booking-staff-done = { $action ->
    [reject] ✖ 已拒绝,已通知申请人:
   *[other] ✖ 已取消,已通知预约人:
}
    { $booking }
booking-block-room = ⛔ 封锁哪个活动室?
booking-block-day = ⛔ { $room }:哪一天?
booking-block-start = 从几点开始?
booking-block-whole-day = 全天
booking-block-length = 封锁多长时间?
booking-block-reason = 原因是什么?请点按钮或打字(最多 { $max } 个字)。
booking-block-maintenance = 设备维修
booking-block-holiday = 节假日闭馆
booking-block-event = 社区活动占用
booking-blocked = ⛔ 已封锁:{ $room } { $when }。
    { $cancelled ->
        [0] 这段时间没有预约。
       *[other] 取消了 { $cancelled } 个预约,已通知预约人。
    }
booking-stats = 📊 { $centre } · { $month }{ HAS($lines) ->
        [yes] {""}
            { $lines }
       *[no] {""}
    }
booking-stats-line = { $room }:{ $bookings } 次 · { $hours } 小时 · 使用率 { $percent }% · 未到场 { $noshows } 次
booking-stats-previous = ◀ 上个月
booking-stats-next = 下个月 ▶
booking-stats-chart-title = { $centre } { $month } 活动室使用率
booking-stats-chart-use = 使用率
booking-stats-chart-axis = 开放时间里被预约的比例
