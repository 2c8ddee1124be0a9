## Grid management (handlers/grid.py, grid_staff.py, grid_notify.py)

cmd-report = 反映问题
cmd-mycases = 我的反映
menu-report = 📝 反映问题
menu-mycases = 📂 我的反映
menu-cases = 🗂 案件处理
menu-stats = 📊 网格统计
role-mediator = 矛盾纠纷调解员
role-property_supervisor = 物业服务监督员

grid-state = { $state ->
    [submitted] 待受理
    [accepted] 已受理
    [in_progress] 处理中
    [resolved] 已处理,待确认
    [closed] 已结案
    [rejected] 不予受理
   *[open] 全部未结
}
grid-level = { $level ->
    [community] 社区
    [street] 街道
    [district] 区
   *[grid] 网格
}

## Reporting
grid-ask-category = 📝 您要反映什么问题?请选择类别:
grid-ask-description = 【{ $category }】请用几句话说说情况(最多 { $max } 字):
grid-ask-photos = 📷 可以发最多 { $max } 张照片(已收到 { $count } 张)。直接发送照片,或点下面的按钮继续。
grid-photos-done = ✅ 照片发完了
grid-photos-skip = ⏭ 不发照片
grid-photo-expected = 这一步需要一张照片。
grid-photos-full = 已收到 { $max } 张照片。
grid-hint-photos = 请直接发送照片,或点“不发照片”。
grid-ask-where = 📍 问题在哪里?选择楼栋{ $channel ->
    [telegram] ,或发送位置(点 📎 → 位置)
    [web] ,或点下面的“📍 位置”发送位置
   *[other] {""}
}。
grid-where-mine = 🏠 我住的{ $building }
grid-where-other = 🏢 其他楼栋
grid-location-expected = 这一步需要一个位置,或点下面的按钮。
grid-hint-where = 请点按钮选择楼栋,或发送位置。
grid-pin-too-far = 这个位置离我们的小区太远了(超过 { $max } 米)。请选择楼栋。
grid-ask-building = 🏢 是哪一栋?
grid-ask-duplicates = 🔎 附近已经有人反映了同类问题,是其中一个吗?
    
    { $cases }
    
    是的话点“就是它”,我们会把您加为关注人(+1),处理进展同样会告诉您。
grid-dup-follow = ➕ 就是它 { $number }
grid-dup-new = 🆕 不是,这是新问题
grid-dup-gone = 这个问题刚刚已经处理完了。如果问题仍在,请重新反映。
grid-followed = 👍 已关注 { $number },共 { $count } 人反映了这个问题。处理进展会通知您。
grid-followed-already = 您已经关注了 { $number }(共 { $count } 人反映)。
grid-confirm = 请核对:
    类别:{ $category }
    地点:{ $place }{ $pinned ->
        [yes] (按您发送的位置)
       *[no] {""}
    }
    情况:{ $description }
    照片:{ $photos } 张
    
    网格员会在 { $hours } 小时内受理,{ $days } 天内办结。
    { $contact ->
        [both] 处理人员可以看到您的姓名和电话吗?公开信息里永远不显示您的姓名。
        [name] 处理人员可以看到您的姓名吗?公开信息里永远不显示您的姓名。
        [phone] 处理人员可以看到您的电话吗?
       *[none] 公开信息里不会显示您是谁。
    }
grid-submit-share = ✅ 提交(可以联系我)
grid-submit-anonymous = ✅ 匿名提交
grid-submitted = ✅ 已提交,案件编号 { $number }。
    网格员会在 { $hours } 小时内受理,每一步进展都会通知您。{ $shared ->
        [yes] 处理人员可以联系您。
       *[no] 处理人员看不到您的姓名和电话。
    }
grid-button-report = 📝 反映问题
grid-button-mine = 📂 我的反映
grid-button-view = 📋 查看 { $number }
grid-button-cases = 🗂 我的案件
grid-button-photos = 📷 看照片

## A case for residents (never the reporter's name)
grid-public-line = 📋 { $number } · { $category } · { $place }
    { $description }
    { $state } · { $followers } 人关注 · { $date }
grid-mine = 📂 您反映和关注的问题:
    
    { $cases }
grid-mine-none = 您还没有反映过问题。
grid-resident-case = { $line }
    { $role ->
        [reporter] (您反映的)
       *[follower] (您关注的)
    }
    
    进展:
    { $history }
grid-history-who = ({ $name })
grid-history-line = { $date } { $kind ->
    [submitted] 提交
    [followed] 有人关注
    [accepted] 已受理
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
}{ HAS($who) ->
    [yes] { $who }
   *[no] {""}
}{ HAS($text) ->
    [yes] :{ $text }
   *[no] {""}
}
grid-photo-caption = 📷 { $number } 第 { $index }/{ $total } 张{ $evidence ->
    [yes] (处理结果)
   *[no] {""}
}
grid-photos-sent = 以上 { $count } 张照片。
grid-res-ok = 😊 已解决,满意
grid-res-meh = 😐 已解决,不太满意
grid-res-reopen = ↩️ 问题又出现了
grid-res-answer = ✍️ 回复工作人员
grid-confirmed = 谢谢确认,{ $number } 已结案。{ $satisfied ->
    [yes] 很高兴问题解决了!
   *[no] 您的意见我们记下了,会用来改进工作。
}
grid-not-reopenable = { $case } 现在不能重新打开。
grid-ask-reopen = ↩️ { $number } 的问题又出现了?请说说现在的情况(最多 { $max } 字):
grid-reopened = ↩️ { $number } 已重新打开,网格员会在 { $hours } 小时内受理。
grid-ask-answer = 工作人员关于 { $number } 的问题:
    “{ $question }”
    请写下您的回答:
grid-answered = ✅ 您的回答已转给处理 { $number } 的工作人员。

## Notifications
grid-told-status = 📋 { $number }({ $category }){ $event ->
    [accepted] 已受理,正在处理。
    [progress] 有新进展{ HAS($text) ->
        [yes] :{ $text }
       *[no] 。
    }
    [transferred] 已转交给更合适的人员处理。
    [resolved] 已处理{ HAS($text) ->
            [yes] :{ $text }
           *[no] 。
        }
        问题解决了吗?请确认;{ $days } 天内不确认将自动结案。
    [rejected] 不予受理{ HAS($text) ->
            [yes] :{ $text }
           *[no] 。
        }{ HAS($instead) ->
            [yes] {""}
                建议您:{ $instead }
           *[no] {""}
        }
    [closed] 已处理 { $days } 天未确认,已自动结案。问题如果又出现,可以重新打开。
   *[other] 状态更新。
}
grid-told-question = ❓ 关于 { $number },工作人员想问您:
    “{ $question }”
grid-told-new = { $moved ->
    [yes] 🔁 转给您的案件
   *[no] 🆕 新案件
} { $number }:{ $category } · { $place }
    { $description }
    请在 { $due } 前受理。
grid-told-handlers = { $kind ->
    [answer] 💬 { $number }({ $category })居民回复:{ $text }
    [reopened] ↩️ { $number }({ $category })被重新打开:{ $text }
   *[other] 📋 { $number }({ $category }):{ $text }
}
grid-told-warning = 🟡 { $number }({ $category },{ $state })快到期限了:{ $due }。
grid-told-escalated = 🔴 { $number }({ $category },{ $state })已超过期限{ HAS($due) ->
        [yes] {" "}{ $due }
       *[no] {""}
    },上报到{ $level }{ HAS($place) ->
        [yes] :{ $place }
       *[no] {""}
    }。

## Handling (staff)
grid-staff-only = 这个功能只对网格员和社区工作人员开放。
grid-not-yours = 您不能查看或处理 { $case }。
grid-list-line = { $mark } { $number } { $category } · { $place } · { $state }{ HAS($due) ->
        [yes] {" · "}期限 { $due }
       *[no] {""}
    }{ HAS($escalated) ->
        [yes] { $escalated }
       *[no] {""}
    }
grid-escalated-mark = {" "}· ⏫已上报{ $level }
grid-list = 🗂 案件({ $count } 件,按期限排序)
    筛选:{ HAS($grid) ->
        [yes] 网格 { $grid } · 
       *[no] {""}
    }{ HAS($category) ->
        [yes] 类别 { $category } · 
       *[no] {""}
    }{ $state }
    🟢 正常 🟡 快到期 🔴 已超时
    
    { $cases }
grid-list-empty = 没有符合条件的案件。
grid-filter-grid = 网格 ▾
grid-filter-category = 类别 ▾
grid-filter-state = 状态 ▾
grid-filter-any = 全部
grid-filter-option = { $name }
grid-filter-state-option = { $state }
grid-filter-choose = 按{ $which ->
    [grid] 网格
    [category] 类别
   *[state] 状态
}筛选:
grid-staff-case = { $line }
    { $description }
    
    处理:{ $grid } · { $handler }
    反映人:{ $contact }
    关注:{ $followers } 人 · 照片:{ $photos } 张
    
    记录:
    { $history }
grid-contact-shared = { $name }{ HAS($phone) ->
        [yes] {" "}{ $phone }
       *[no] {""}
    }
grid-contact-hidden = 匿名(反映人未公开联系方式)
grid-act-accept = ✅ 受理
grid-act-note = 📝 进展
grid-act-resolve = ✔️ 办结
grid-act-ask = ❓ 问反映人
grid-act-transfer = 🔁 转交
grid-act-reject = ✖ 不予受理
grid-done-accepted = ✅ 已受理 { $number },反映人会收到通知。
grid-ask-act-text = { $action ->
    [note] 📝 { $number } 有什么进展?
    [ask] ❓ 想问反映人什么?
    [reject] ✖ 为什么不予受理?
    [resolve] ✔️ 怎么处理的?
   *[transfer] 🔁 为什么转交?
}(最多 { $max } 字)
grid-done = { $action ->
    [note] 📝 进展已记录,反映人会收到通知。
    [ask] ❓ 问题已发给反映人,回答会转给您。
    [reject] ✖ 已不予受理,反映人会收到原因和建议。
    [resolve] ✔️ 已办结,等待反映人确认。
   *[transfer] 🔁 已转交。
} ({ $number })
grid-transferred-away = 案件已转交,不再在您的列表里。
grid-ask-instead = 建议反映人去哪里办理?(如:12345 热线、物业公司、派出所,最多 { $max } 字)
grid-ask-evidence = 📷 请发一张处理结果的照片作为凭证({ $number })。
grid-hint-evidence = 请发送一张照片。
grid-ask-target = 🔁 把 { $number } 转给谁?
grid-target-role = 👤 { $role }
grid-target-grid = 🏘 { $grid }

## Statistics
grid-stats-staff-only = 这个功能只对社区工作人员和上级管理员开放。
grid-stats-row = · { $name }:{ $count }
grid-stats = 📊 { $place } 网格案件统计(共 { $total } 件){ HAS($by_category) ->
        [yes] {""}
            {""}
            按类别:
            { $by_category }
       *[no] {""}
    }{ HAS($by_grid) ->
        [yes] {""}
            {""}
            按网格:
            { $by_grid }
       *[no] {""}
    }{ HAS($accept) ->
        [yes] {""}
            {""}
            受理用时中位数:{ $accept } 小时
       *[no] {""}
    }{ HAS($resolve) ->
        [yes] {""}
            办结用时中位数:{ $resolve } 小时
       *[no] {""}
    }{ HAS($on_time) ->
        [yes] {""}
            按期办结率:{ $on_time }
       *[no] {""}
    }{ HAS($reopen) ->
        [yes] {""}
            重新打开率:{ $reopen }
       *[no] {""}
    }{ HAS($satisfaction) ->
        [yes] {""}
            满意率:{ $satisfaction }
       *[no] {""}
    }

## Categories
grid-cat-ask-zh = 新增问题类别:请输入中文名称(最多 40 字)。
grid-cat-ask-en = 请输入英文名称,或跳过(用中文名)。
grid-cat-ask-hours = 多长时间内必须受理?
grid-cat-hours = { $hours } 小时
grid-cat-ask-days = 多少天内必须办结?
grid-cat-days = { $days } 天
grid-cat-ask-role = 由谁处理?
grid-cat-added = ✅ 已新增类别“{ $name }”:{ $hours } 小时内受理,{ $days } 天内办结,由{ $role }处理。

## Refusals
grid-category-bad-role = 这个角色不能处理案件。
grid-category-bad-deadline = 期限不合理。
grid-category-exists = 已经有“{ $name }”这个类别了。
grid-no-grid = 这个地点不属于任何网格,请选择其他楼栋。
grid-wrong-state = { $case } 当前的状态不能这样操作,请刷新后再看。
grid-no-question = { $case } 目前没有待回答的问题。
grid-transfer-bad-target = 不能转交给这个对象。
grid-transfer-same = 案件已经在这里处理了。
grid-not-reporter = 只有反映人可以确认 { $case } 已解决。
grid-reopen-too-late = { $case } 已处理超过 { $days } 天,不能重新打开。请重新反映。
grid-stats-chart-title = { $place }网格案件(共 { $total } 件)
grid-stats-chart-cases = 案件
grid-stats-chart-axis = 件数(按类别、按网格)
