## 投票表决与文明家庭评选(handlers/polls/)

menu-polls = 🗳 投票表决
menu-polls-manage = 🗳 管理投票
polls-cmd = 正在进行的投票
polls-newpoll-cmd = 发起投票
polls-list = 🗳 正在进行的投票({ $count }个),请选择:
polls-none = 现在没有正在进行的投票。有新投票时会通知您。
polls-open-button = 🗳 { $title }
polls-heading = 🗳 { $title }
    📍 { $place } · { $kind ->
        [single] 单选
        [multiple] 多选(最多 { $most } 项)
       *[score] 打分(1–5 星)
    } · { $unit ->
        [household] 每户一票
       *[person] 每人一票
    }
    ⏰ 截止:{ $closes }
polls-nominating = { $poll }
    
    📝 现在是提名阶段,截止到 { $until }。您可以推荐候选,经社区审核后列入投票。
polls-nominate-button = 📝 我要提名
polls-not-open-yet = 这个投票还没有开始,开始时会通知您。
polls-need-building = 这是每户一票的投票,需要知道您住哪一栋。请先在“我的信息”里补上住址。
polls-need-unit = 这是每户一票的投票,需要您的门牌号。
polls-address-button = 🏠 补充住址
polls-ask-unit = 🚪 这是每户一票的投票,请告诉我您的门牌号(例如 2单元301),最多 { $max } 个字。会保存在您的信息里。
polls-unit-hint = 请直接输入门牌号,例如 2单元301。
polls-unit-saved = ✅ 已保存门牌号:{ $unit }
polls-household-voted = 🏠 您家({ $flat })已于 { $when } 投票。每户一票,由投票的家人修改,截止到 { $closes }。
polls-ask-choice = { $poll }{ $voted ->
        [yes] {"\u000A"}{"\u000A"}✅ 您已投票,可以重新选择,截止前都能修改。
       *[other] {""}
    }
    
    请选择:
polls-stars = { $stars ->
        [1] ⭐
        [2] ⭐⭐
        [3] ⭐⭐⭐
        [4] ⭐⭐⭐⭐
       *[other] ⭐⭐⭐⭐⭐
    }
polls-submit = ➡️ 提交(已选 { $count }/{ $most })
polls-voted = { $changed ->
        [yes] ✅ 已修改您的投票。
       *[other] ✅ 投票成功,谢谢您!
    }{ $household ->
        [yes] 这是您家的一票。
       *[other] {""}
    }截止 { $closes } 前都可以修改。{ HAS($running) ->
        [yes] {"\u000A"}{"\u000A"}目前的票数:{"\u000A"}{ $running }
       *[no] {""}
    }
polls-change-button = ✏️ 修改我的投票
polls-results-button = 📊 查看结果
polls-results-hidden = 🔒 结果在投票截止({ $closes })后公布,届时会发给每位投票人。
polls-results = { $poll }
    
    { $final ->
        [yes] 📊 最终结果:
       *[other] 📊 目前的票数:
    }
    { $results }
polls-result-line = · { $option }:{ $count } 票
polls-star-line = · { $stars ->
        [1] ⭐
        [2] ⭐⭐
        [3] ⭐⭐⭐
        [4] ⭐⭐⭐⭐
       *[other] ⭐⭐⭐⭐⭐
    }:{ $count } 票
polls-average = 平均 { $average } 星
polls-turnout = 参与:{ $ballots }/{ $eligible } { $unit ->
        [household] 户
       *[person] 人
    }({ $percent }%)
polls-chart-title = { $title }({ $ballots } 票)
polls-chart-axis = 票数
polls-nominations-closed = 提名已经结束了。
polls-ask-nomination = 📝 请写下您推荐的候选(例如“3栋 刘家 孝老爱亲”),最多 { $max } 个字。社区审核后列入投票。
polls-nominated = ✅ 谢谢您的提名:“{ $option }”。社区审核通过后会列入投票。
polls-nominations-notice = { $poll }
    
    📝 欢迎推荐候选!提名截止到 { $until },之后开始投票。
polls-open-notice = { $poll }
    
    投票已经开始,请点下面的按钮投票。
polls-vote-button = 🗳 去投票
polls-closed-notice = { $poll }
    
    📊 投票已截止,结果如下:
    { $results }
polls-moderate-request = 📝 “{ $title }”收到一条新提名:“{ $option }”。是否列入投票?
polls-approve-button = ✅ 同意列入
polls-reject-button = ✖ 不列入
polls-manage-button = 🗳 查看这个投票

## 工作人员:发起和管理投票

polls-ask-place = 🗳 发起投票。请问是哪里的投票?
polls-place-community = 🏘 { $community }全体
polls-ask-kind = 请选择投票方式:
polls-kind-label = { $kind ->
        [single] 🔘 单选
        [multiple] ☑️ 多选
        [score] ⭐ 打分(1–5 星)
       *[other] 🏅 先提名再投票(文明家庭评选)
    }
polls-ask-ballot-unit = 每户一票,还是每人一票?
polls-unit-label = { $unit ->
        [household] 🏠 每户一票
       *[person] 👤 每人一票
    }
polls-ask-title = ✍️ 请输入投票的题目(最多 { $max } 个字)。
polls-ask-options = ✍️ 请输入选项,每行一个(2 到 { $most } 个,每个最多 { $max } 个字)。
polls-ask-most = 每户(人)最多可以选几项?
polls-most-label = 最多 { $most } 项
polls-ask-closes = ⏰ 什么时候截止?也可以直接输入时间,例如 12-20 18:00。
polls-closes-in = { $days } 天后({ $time })
polls-time-unclear = 没看懂这个时间。请输入例如 12-20 18:00,或点上面的按钮。
polls-time-too-far = 截止时间最多只能在 { $days } 天以内。
polls-ask-results = 投票期间,大家能看到票数吗?
polls-results-hidden-label = 🔒 截止后再公布
polls-results-running-label = 📊 投票后就能看到目前票数
polls-preview = 请确认:
    🗳 { $title }
    📍 { $place } · { $kind ->
        [single] 单选
        [multiple] 多选(最多 { $most } 项)
        [score] 打分
       *[other] 先提名再投票
    } · { $unit ->
        [household] 每户一票
       *[person] 每人一票
    }{ HAS($options) ->
        [yes] {"\u000A"}{ $options }
       *[no] {""}
    }{ HAS($nominations) ->
        [yes] {"\u000A"}📝 提名截止:{ $nominations }
       *[no] {""}
    }
    ⏰ 投票截止:{ $closes }
    { $hidden ->
        [yes] 🔒 截止后公布结果
       *[other] 📊 投票期间公开票数
    }
polls-confirm-open = ✅ 发起
polls-opened = ✅ 投票“{ $title }”已发起,截止 { $closes }。居民会收到通知。
polls-manage-list = 🗳 本社区的投票:
polls-manage-none = 本社区还没有投票。
polls-manage-line = { $phase ->
        [nominating] 📝
        [scheduled] ⏳
        [open] 🗳
       *[other] ✔️
    } { $title }
polls-new-button = ➕ 发起投票
polls-manage = { $poll }
    
    状态:{ $phase ->
        [nominating] 提名中
        [scheduled] 未开始
        [open] 投票中
       *[other] 已截止
    }
    参与:{ $ballots }/{ $eligible }({ $percent }%)
    待审核的提名:{ $pending } 条
polls-approve-line = ✅ 列入:{ $option }
polls-close-button = ⏹ 现在截止
polls-manage-all = 🗳 全部投票
polls-moderated = { $approved ->
        [yes] ✅ 已列入投票:“{ $option }”
       *[other] 已不列入:“{ $option }”
    }
polls-close-confirm = 确定现在截止“{ $title }”吗?截止后不能再投票,结果会发给每位投票人。
polls-close-yes = ⏹ 确定截止
polls-closed-now = ✔️ “{ $title }”已截止,结果正在发给每位投票人。

## 投票的规则(models/polls/store.py)

polls-bad-place = 投票只能面向一个社区或一栋楼。
polls-need-title = 请写上投票的题目。
polls-title-too-long = 题目太长了,最多 { $max } 个字。
polls-close-in-past = 截止时间已经过去了(或太近了),请选一个以后的时间。
polls-score-no-nominations = 打分投票不能先提名。
polls-nominations-window = 提名要在投票截止前结束。
polls-close-before-open = 截止时间要在开始时间之后。
polls-option-too-long = 选项太长了,每个最多 { $max } 个字。
polls-option-twice = 有重复的选项。
polls-score-no-options = 打分投票不需要选项。
polls-option-count = 选项要有 { $least } 到 { $most } 个,每行一个,不能重复。
polls-bad-max-choices = 多选的上限不对。
polls-gone = 这个投票已经不在了。
polls-choose-stars = 请点 1 到 5 颗星。
polls-choose-options = 请点选项来投票。
polls-choose-one = 请至少选一项。
polls-too-many-choices = 最多只能选 { $max } 项。
polls-option-gone = 这个选项已经不在了,请重新选择。
polls-closed = 这个投票已经截止了,不能再投票。
polls-not-eligible = 这个投票只限本小区(楼栋)的居民参加。
polls-proposals-full = 每人最多提名 { $max } 个。
polls-option-moderated = 这条提名已经审核过了。
