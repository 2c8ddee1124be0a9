## 群众评:居民评价社区工作(handlers/evaluation)

evaluation-menu = ⭐ 群众评议
evaluation-period = { $quarter ->
    [0] { $year }年{ $month }月起
   *[other] { $year }年第{ $quarter }季度
}
evaluation-kind = { $kind ->
    [booking] 场地预约
    [hotline] 12343 上门服务
    [grid] 网格反映问题
   *[overall] 社区工作总体
}
evaluation-too-few = 不足{ $min }份,不显示
evaluation-score = { $average } 分({ $count } 份)
evaluation-answered-count = { $count } 人作答(邀请 { $invited } 人)
evaluation-used = { $kind ->
    [booking] 您本期预约过{ $names }({ $count } 次)
    [hotline] 您本期通过 12343 申请过{ $names }({ $count } 次)
   *[grid] 您本期向网格反映过{ $names }({ $count } 件)
}
evaluation-start-button = ⭐ 开始评价
evaluation-star = { $score ->
    [5] ⭐⭐⭐⭐⭐ 非常满意
    [4] ⭐⭐⭐⭐ 满意
    [3] ⭐⭐⭐ 一般
    [2] ⭐⭐ 不太满意
   *[1] ⭐ 不满意
}
evaluation-invite = ⭐ { $community }请您评一评{ $period }的社区工作。
    只要点几下按钮,一两分钟就好。您的回答是匿名的,工作人员看不到是谁评的。
    { $until }前都可以评。
evaluation-remind = ⏰ 提醒:{ $community }{ $period }的评价还没有收到您的意见。
    { $until }截止,点下面的按钮就能开始。
evaluation-ask-overall = ⭐ 您对{ $community }{ $period }的社区工作总体满意吗?
    请点一个按钮打分(5 星最满意)。
evaluation-ask-service = ⭐ { HAS($used) ->
    [yes] { $used }。
   *[no] {""}
}您对{ $kind ->
    [booking] 场地预约
    [hotline] 12343 上门服务
   *[grid] 网格处理您反映的问题
}满意吗?
evaluation-ask-comment = ✍ 还有什么想对社区说的吗?请直接输入(最多 { $max } 字),或者点"跳过"。
evaluation-hint-stars = 请点上面的星星按钮打分,或者点"跳过"。
evaluation-thanks = 🙏 谢谢您的评价!您的意见会匿名转给社区。
evaluation-closed = ⌛ 这次评价已经结束了,谢谢您的关心。下次评价开始时会再通知您。
evaluation-not-invited = 这次评价只请本社区登记的居民参加。
evaluation-already = ✅ 您已经评过这一期了,谢谢!每人每期只能评一次。
evaluation-comment-too-long = 意见最多 { $max } 字,请写短一些。
evaluation-round-exists = 这个社区这一期已经有评价了,不能再开一次。
evaluation-staff-only = 评价结果只对社区工作人员和上级管理员开放。
evaluation-none-yet = { $community }还没有评价结果。
evaluation-none-anywhere = 您负责的社区还没有评价结果。请选择一个社区查看:
evaluation-summary-line = · { $kind }:{ $score }
evaluation-comment-line = 💬 { $text }
evaluation-summary = 📊 { $community } · { $period }
    { $answered }
    { $scores }{ HAS($comments) ->
        [yes] {""}
            居民意见(匿名):
            { $comments }
       *[no] {""}
    }{ $hidden ->
        [yes] {""}
            居民意见不足{ $min }条,不显示。
       *[no] {""}
    }
evaluation-trend-line = · { $period }:{ $score }
evaluation-staff-community = { $summary }

    总体满意度的变化:
    { $trend }
evaluation-staff-compare = 📊 { $period }各社区总体满意度:
    { $lines }
    点社区名称查看详情和变化:
evaluation-compare-line = · { $community }{ HAS($score) ->
    [yes] :{ $score }
   *[no] :本期没有评价
}
evaluation-community-button = { $community }
evaluation-chart-trend = { $community }满意度变化
evaluation-chart-periods = 评价期
evaluation-chart-average = 平均分(1–5)
evaluation-chart-compare = { $period }各社区总体满意度
evaluation-chart-hidden = { $name }(不足5份)
evaluation-chart-none = { $name }(本期没有评价)
