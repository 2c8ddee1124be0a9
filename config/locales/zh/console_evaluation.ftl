## 工作台:群众评议(bot/console/views/evaluation.py)

console-evaluation-nav = 群众评议
console-evaluation-title = 群众评议:居民对社区工作的评价
console-evaluation-anonymous = 评价是匿名的:这里看不到是谁评的。不足{ $min }份的数字和意见一律不显示。
console-evaluation-compare-title = { $period }各社区总体满意度
console-evaluation-trend-title = { $community }满意度变化
console-evaluation-caption = 平均分,1–5 分。不足{ $min }份的组不画柱子。
console-evaluation-latest = 最近一期:{ $period }
console-evaluation-community = 社区
console-evaluation-overall = 总体满意度
console-evaluation-answered = 作答人数
console-evaluation-none = 还没有评价结果。
console-evaluation-of = { $community }群众评议
console-evaluation-back = ← 全部社区
console-evaluation-rounds = 历次评价
console-evaluation-period = 评价期
console-evaluation-state = 状态
console-evaluation-state-value = { $open ->
    [yes] 进行中,{ $until }截止
   *[no] 已结束
}
console-evaluation-comments = 居民意见(匿名)· { $period }
console-evaluation-comments-hidden = 意见不足{ $min }条,不显示。
console-evaluation-comments-none = 这一期没有人留意见。
console-evaluation-open-title = 现在开始一次评价
console-evaluation-open-hint = 评价{ $period }的社区工作:本社区登记的居民都会收到邀请(夜间免打扰时段过后发送)。每期只能开一次。
console-evaluation-open-button = 开始{ $period }的评价
console-evaluation-opened = 已开始{ $period }的评价,邀请了 { $invited } 位居民。
