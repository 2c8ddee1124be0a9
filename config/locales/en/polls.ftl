## Polls and model-household nominations (handlers/polls/)

menu-polls = 🗳 Polls
menu-polls-manage = 🗳 Manage polls
polls-cmd = Polls open now
polls-newpoll-cmd = Open a poll
polls-list = 🗳 { $count ->
        [one] One poll is open
       *[other] { $count } polls are open
    }. Choose one:
polls-none = There is no poll open now. You will be told when there is one.
polls-open-button = 🗳 { $title }
polls-heading = 🗳 { $title }
    📍 { $place } · { $kind ->
        [single] one choice
        [multiple] several choices (up to { $most })
       *[score] a score (1–5 stars)
    } · { $unit ->
        [household] one vote per household
       *[person] one vote per person
    }
    ⏰ Closes: { $closes }
polls-nominating = { $poll }
    
    📝 Nominations are open until { $until }. Propose a candidate; once the community has approved it, it goes on the ballot.
polls-nominate-button = 📝 Nominate
polls-not-open-yet = This poll has not started yet. You will be told when it does.
polls-need-building = This poll has one vote per household, so it needs to know your building. Please add your address under "My details" first.
polls-need-unit = This poll has one vote per household and needs your flat number.
polls-address-button = 🏠 Add my address
polls-ask-unit = 🚪 This poll has one vote per household. What is your flat number (for example 2-301)? At most { $max } { $max ->
        [one] character
       *[other] characters
    }; it is kept with your details.
polls-unit-hint = Please type your flat number, for example 2-301.
polls-unit-saved = ✅ Flat number saved: { $unit }
polls-household-voted = 🏠 Your household ({ $flat }) voted on { $when }. There is one vote per household; the member who cast it can change it until { $closes }.
polls-ask-choice = { $poll }{ $voted ->
        [yes] {"\u000A"}{"\u000A"}✅ You have voted. You can choose again: you may change your vote until the poll closes.
       *[other] {""}
    }
    
    Please choose:
polls-stars = { $stars ->
        [1] ⭐
        [2] ⭐⭐
        [3] ⭐⭐⭐
        [4] ⭐⭐⭐⭐
       *[other] ⭐⭐⭐⭐⭐
    }
polls-submit = ➡️ Submit ({ $count }/{ $most } chosen)
polls-voted = { $changed ->
        [yes] ✅ Your vote has been changed.
       *[other] ✅ Thank you, your vote is in!
    }{ $household ->
        [yes] {" "}It is your household's vote.
       *[other] {""}
    } You can change it until { $closes }.{ HAS($running) ->
        [yes] {"\u000A"}{"\u000A"}The count so far:{"\u000A"}{ $running }
       *[no] {""}
    }
polls-change-button = ✏️ Change my vote
polls-results-button = 📊 Results
polls-results-hidden = 🔒 The results are published when the poll closes ({ $closes }); every voter will get them.
polls-results = { $poll }
    
    { $final ->
        [yes] 📊 Final result:
       *[other] 📊 The count so far:
    }
    { $results }
polls-result-line = · { $option }: { $count ->
        [one] 1 vote
       *[other] { $count } votes
    }
polls-star-line = · { $stars ->
        [1] ⭐
        [2] ⭐⭐
        [3] ⭐⭐⭐
        [4] ⭐⭐⭐⭐
       *[other] ⭐⭐⭐⭐⭐
    }: { $count ->
        [one] 1 vote
       *[other] { $count } votes
    }
polls-average = Average score: { $average }
polls-turnout = Turnout: { $ballots } of { $eligible } { $unit ->
        [household] { $eligible ->
            [one] household
           *[other] households
        }
       *[person] { $eligible ->
            [one] person
           *[other] people
        }
    } ({ $percent }%)
polls-chart-title = { $title } ({ $ballots ->
        [one] 1 vote
       *[other] { $ballots } votes
    })
polls-chart-axis = Votes
polls-nominations-closed = Nominations have closed.
polls-ask-nomination = 📝 Write your nomination (for example "The Liu family, Building 3: caring for their elders"), at most { $max } { $max ->
        [one] character
       *[other] characters
    }. It goes on the ballot once the community has approved it.
polls-nominated = ✅ Thank you for your nomination: "{ $option }". Once the community has approved it, it goes on the ballot.
polls-nominations-notice = { $poll }
    
    📝 Nominations are welcome until { $until }; then the voting starts.
polls-open-notice = { $poll }
    
    Voting has started. Press the button below to vote.
polls-vote-button = 🗳 Vote
polls-closed-notice = { $poll }
    
    📊 The poll has closed. The result:
    { $results }
polls-moderate-request = 📝 "{ $title }" has a new nomination: "{ $option }". Put it on the ballot?
polls-approve-button = ✅ Approve
polls-reject-button = ✖ Reject
polls-manage-button = 🗳 Open this poll

## Staff: opening and managing polls

polls-ask-place = 🗳 Open a poll. Where is it for?
polls-place-community = 🏘 All of { $community }
polls-ask-kind = How do people vote?
polls-kind-label = { $kind ->
        [single] 🔘 One choice
        [multiple] ☑️ Several choices
        [score] ⭐ A score (1–5 stars)
       *[other] 🏅 Nominations, then a vote (model households)
    }
polls-ask-ballot-unit = One vote per household, or per person?
polls-unit-label = { $unit ->
        [household] 🏠 Per household
       *[person] 👤 Per person
    }
polls-ask-title = ✍️ Type the poll's question (at most { $max } { $max ->
        [one] character
       *[other] characters
    }).
polls-ask-options = ✍️ Type the options, one per line (2 to { $most }, each at most { $max } { $max ->
        [one] character
       *[other] characters
    }).
polls-ask-most = How many options may each voter choose at most?
polls-most-label = Up to { $most }
polls-ask-closes = ⏰ When does it close? You can also type a time, for example 12-20 18:00.
polls-closes-in = In { $days ->
        [one] 1 day
       *[other] { $days } days
    } ({ $time })
polls-time-unclear = I did not understand that time. Type for example 12-20 18:00, or press a button above.
polls-time-too-far = The closing time can be at most { $days } { $days ->
        [one] day
       *[other] days
    } ahead.
polls-ask-results = While the poll runs, may people see the count?
polls-results-hidden-label = 🔒 Only after it closes
polls-results-running-label = 📊 Yes, once they have voted
polls-preview = Please check:
    🗳 { $title }
    📍 { $place } · { $kind ->
        [single] one choice
        [multiple] several choices (up to { $most })
        [score] a score
       *[other] nominations, then a vote
    } · { $unit ->
        [household] one vote per household
       *[person] one vote per person
    }{ HAS($options) ->
        [yes] {"\u000A"}{ $options }
       *[no] {""}
    }{ HAS($nominations) ->
        [yes] {"\u000A"}📝 Nominations until: { $nominations }
       *[no] {""}
    }
    ⏰ Voting closes: { $closes }
    { $hidden ->
        [yes] 🔒 Results published at the close
       *[other] 📊 The count is shown while it runs
    }
polls-confirm-open = ✅ Open it
polls-opened = ✅ The poll "{ $title }" is open until { $closes }. Residents are being told.
polls-manage-list = 🗳 Your community's polls:
polls-manage-none = Your community has no polls yet.
polls-manage-line = { $phase ->
        [nominating] 📝
        [scheduled] ⏳
        [open] 🗳
       *[other] ✔️
    } { $title }
polls-new-button = ➕ Open a poll
polls-manage = { $poll }
    
    State: { $phase ->
        [nominating] taking nominations
        [scheduled] not started
        [open] voting
       *[other] closed
    }
    Turnout: { $ballots } of { $eligible } ({ $percent }%)
    Nominations waiting: { $pending }
polls-approve-line = ✅ Approve: { $option }
polls-close-button = ⏹ Close now
polls-manage-all = 🗳 All polls
polls-moderated = { $approved ->
        [yes] ✅ On the ballot: "{ $option }"
       *[other] Not on the ballot: "{ $option }"
    }
polls-close-confirm = Close "{ $title }" now? Nobody can vote after that, and every voter gets the result.
polls-close-yes = ⏹ Yes, close it
polls-closed-now = ✔️ "{ $title }" is closed; the voters are getting the result.

## The rules of a poll (models/polls/store.py)

polls-bad-place = A poll is for one community or one building.
polls-need-title = Please give the poll a question.
polls-title-too-long = The question is too long: at most { $max } { $max ->
        [one] character
       *[other] characters
    }.
polls-close-in-past = That closing time has passed (or is too soon). Please choose a later one.
polls-score-no-nominations = A score poll cannot take nominations.
polls-nominations-window = Nominations must end before the poll closes.
polls-close-before-open = The poll must close after it opens.
polls-option-too-long = An option is too long: at most { $max } { $max ->
        [one] character
       *[other] characters
    } each.
polls-option-twice = An option appears twice.
polls-score-no-options = A score poll has no options.
polls-option-count = A poll needs { $least } to { $most } different options, one per line.
polls-bad-max-choices = That limit of choices does not fit the options.
polls-gone = This poll no longer exists.
polls-choose-stars = Please press 1 to 5 stars.
polls-choose-options = Please press an option to vote.
polls-choose-one = Please choose at least one.
polls-too-many-choices = You can choose at most { $max }.
polls-option-gone = That option is no longer there. Please choose again.
polls-closed = This poll has closed; no more votes are taken.
polls-not-eligible = Only residents of the poll's estate (or building) can take part.
polls-proposals-full = Each person can nominate at most { $max }.
polls-option-moderated = This nomination has been decided already.
