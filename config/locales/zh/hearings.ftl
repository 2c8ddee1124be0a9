## Hearings (handlers/hearings/)
menu-hearings = ⚖️ 听证
menu-hearings-staff = ⚖️ 听证管理
hearings-cmd = 社区听证会:公示、意见、结果
hearings-kind = { $kind ->
    [allowance] 低保听证
    [repair] 维修资金听证
   *[other] 社区听证
  }
hearings-phase = { $phase ->
    [draft] 📝 草稿(未公示)
    [notice] 📢 公示中,欢迎提交意见
    [upcoming] 🗓 公示已结束,等待召开
    [held] ⏳ 已召开,等待公布结果
    [decided] ✅ 结果已公布
   *[cancelled] ❌ 已取消
  }
hearings-page = ⚖️ { $subject }
    类型:{ $kind }
    时间:{ $time }
    地点:{ $place }{ HAS($address) ->
        [yes] ({ $address })
       *[no] {""}
    }
    { HAS($notice_from) ->
        [yes] 公示期:{ $notice_from } 至 { $notice_until }
       *[no] 意见截止:{ $notice_until }
    }
    已收到书面意见:{ $opinions } 条{ HAS($description) ->
        [yes] {"\u000A"}{"\u000A"}{ $description }
       *[no] {""}
    }
hearings-page-outcome = 📋 听证结果:
    { $outcome }
hearings-page-cancelled = ❌ 这场听证会已取消。
hearings-read-button = 📄 查看听证公示
hearings-opinion-button = { $edit ->
    [yes] ✏️ 修改我的意见
   *[no] ✍️ 提交书面意见
  }
hearings-confirm-button = ✅ 我会参加
hearings-decline-button = ❌ 不能参加
hearings-notice = 📢 听证公示:{ $subject }
    时间:{ $time }
    地点:{ $place }
    公示期内,本社区居民都可以提交书面意见,截止到 { $until }。
hearings-invitation = 📨 您被邀请作为居民代表参加听证会:{ $subject }
    时间:{ $time }
    地点:{ $place }{ HAS($address) ->
        [yes] ({ $address })
       *[no] {""}
    }
    请告诉我们您能否参加。
hearings-reminder = ⏰ 提醒:听证会“{ $subject }”将于 { $time } 在 { $place } 召开。{ $answered ->
    [yes] 感谢您确认参加。
   *[no] 请告诉我们您能否参加。
  }
hearings-outcome-told = 📋 听证会“{ $subject }”的结果已公布:
    { $outcome }
hearings-cancelled-told = ❌ 听证会“{ $subject }”({ $time })已取消。给您带来不便,敬请谅解。
hearings-list-button = { $subject } · { $phase }
hearings-manage-button = ⚖️ 听证管理(工作人员)
hearings-list = ⚖️ 本社区的听证会。请选择一场查看:
hearings-list-none = ⚖️ 本社区目前没有公示中的听证会。
hearings-your-opinion = ✍️ 您提交的意见:
    { $text }
hearings-your-answer = { $answer ->
    [confirmed] ✅ 您已确认作为居民代表参加。
    [declined] ❌ 您已回复不能参加。
   *[invited] 📨 您被邀请作为居民代表参加,请回复能否参加。
  }
hearings-back-button = ⬅️ 听证会列表
hearings-opinions-closed = ⌛ 这场听证会的意见征集已于 { $until } 截止,不能再提交或修改意见了。
hearings-ask-opinion = ✍️ 请直接输入您对“{ $subject }”的书面意见(最多 { $max } 字),{ $until } 前可以修改。{ HAS($current) ->
    [yes] {"\u000A"}{"\u000A"}您现在的意见是:{"\u000A"}{ $current }{"\u000A"}{"\u000A"}发送新的内容会替换它。
   *[no] {""}
  }
hearings-opinion-saved = { $new ->
    [yes] ✅ 您的意见已提交,谢谢!
   *[no] ✅ 您的意见已修改。
  } { $until } 前还可以修改。您的姓名不会公开。
hearings-invitation-closed = ⌛ 这场听证会已经开始或结束,不能再回复了。
hearings-change-answer = { $answer ->
    [confirmed] ✅ 改为:我会参加
   *[declined] ❌ 改为:不能参加
  }
hearings-answered = { $answer ->
    [confirmed] ✅ 谢谢!已确认您参加听证会“{ $subject }”。
   *[declined] 好的,已记下您不能参加听证会“{ $subject }”。
  }
    时间:{ $time }
    地点:{ $place }
hearings-staff-line = { $subject } · { $phase }
hearings-staff-list = ⚖️ { $community }的听证会。新建听证、阅读意见、公布结果请在管理控制台操作。
hearings-staff-none = ⚖️ { $community }还没有听证会。请在管理控制台新建。
hearings-staff-invitee = · { $name }:{ $answer ->
    [confirmed] 已确认参加
    [declined] 不能参加
   *[invited] 未回复
  }
hearings-staff-page = ⚖️ { $subject }
    { $phase }
    时间:{ $time }
    地点:{ $place }
    意见截止:{ $until }
    书面意见:{ $opinions } 条
    居民代表:{ $invited } 人{ HAS($answers) ->
        [yes] {"\u000A"}{ $answers }
       *[no] {""}
    }
hearings-staff-back = ⬅️ 听证会列表
hearings-err-too-many = 居民代表最多 { $max } 人。
hearings-err-representative = 居民代表必须是本社区已登记的居民。
hearings-err-subject = 请填写听证事项,最多 { $max } 字。
hearings-err-description = 公示内容最多 { $max } 字。
hearings-err-applicant = 申请人信息最多 { $max } 字。
hearings-err-not-allowed = 只有本社区的工作人员和街道、区管理员可以组织听证。
hearings-err-past = 听证时间已经过去了,请选一个以后的时间。
hearings-err-ends = 结束时间要晚于开始时间。
hearings-err-notice-past = 公示截止时间已经过去了,请选一个以后的时间。
hearings-err-notice-after = 听证会要在公示期结束之后召开。
hearings-err-room = 请选择本社区服务中心的房间。
hearings-err-room-taken = 这个房间在这个时段已有预约或已停用,请换个时间或房间。
hearings-err-not-draft = 这场听证会已经公示过了。
hearings-err-closed = 这场听证会已经结束或取消了。
hearings-err-not-invited = 您不在这场听证会的居民代表名单里。
hearings-err-invitation-closed = 这场听证会已经开始或结束,不能再回复了。
hearings-err-not-yours = 这场听证会不是您所在社区的。
hearings-err-opinions-closed = 这场听证会的意见征集已经截止了。
hearings-err-opinion-length = 请写下您的意见,最多 { $max } 字。
hearings-err-outcome-state = 只有已公示、还没有公布结果的听证会可以公布结果。
hearings-err-not-held-yet = 听证会召开之后才能公布结果。
hearings-err-outcome-length = 请填写听证结果,最多 { $max } 字。
