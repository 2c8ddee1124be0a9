## 工作台:投票表决(bot/console/views/polls.py)

console-polls-nav = 投票
console-polls-title = 投票表决
console-polls-new = 发起投票
console-polls-none = 您负责的社区还没有投票。
console-polls-back = ← 全部投票
console-polls-question = 题目
console-polls-place = 范围
console-polls-state = 状态
console-polls-closes = 截止时间
console-polls-turnout = 参与
console-polls-phase = { $phase ->
        [nominating] 提名中
        [scheduled] 未开始
        [open] 投票中
       *[other] 已截止
    }
console-polls-kind = { $kind ->
        [single] 单选
        [multiple] 多选
       *[other] 打分(1–5 星)
    }
console-polls-unit = { $unit ->
        [household] 每户一票
       *[other] 每人一票
    }
console-polls-nominations-until = 提名截止
console-polls-results = 结果
console-polls-hidden = 🔒 结果在截止后公布,投票期间不显示票数。
console-polls-option = 选项
console-polls-votes = 票数
console-polls-by-building = 各楼栋参与情况
console-polls-ballots = 已投票
console-polls-nominations = 待审核的提名
console-polls-approve = 列入投票
console-polls-reject = 不列入
console-polls-close = 现在截止并公布结果
console-polls-how = 投票方式
console-polls-one-vote = 计票单位
console-polls-question-zh = 题目(中文)
console-polls-question-en = 题目(英文,可不填)
console-polls-options-zh = 选项(中文,每行一个,2 到 { $most } 个,每个最多 { $max } 字;先提名的评选可以不填)
console-polls-options-en = 选项(英文,每行一个,与中文一一对应,可不填)
console-polls-max-choices = 多选时最多选几项
console-polls-results-hidden = 截止后再公布结果
console-polls-form-hint = 填了“提名截止”就是先提名再投票(如文明家庭评选):居民提名,审核通过后列入投票。
console-polls-open = 发起投票
console-polls-choose-place = 请选择投票的范围。
console-polls-bad-time = 时间格式不对,请重新选择。
console-polls-options-mismatch = 英文选项的数量要和中文一样。
console-polls-created = 投票已发起,居民会收到通知。
console-polls-closed-flash = 投票已截止,结果正在发给每位投票人。
console-polls-moderated = 提名已处理。
