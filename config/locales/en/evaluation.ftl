## Residents' evaluation of community work (handlers/evaluation)

evaluation-menu = ⭐ Residents' evaluation
evaluation-period = { $quarter ->
    [0] the period from { $month }/{ $year }
   *[other] Q{ $quarter } { $year }
}
evaluation-kind = { $kind ->
    [booking] Room booking
    [hotline] 12343 home services
    [grid] Problems reported to the grid
   *[overall] Community work overall
}
evaluation-too-few = fewer than { $min } answers, not shown
evaluation-score = { $average } ({ $count ->
    [one] 1 answer
   *[other] { $count } answers
})
evaluation-answered-count = { $count ->
    [one] 1 resident answered
   *[other] { $count } residents answered
} ({ $invited } invited)
evaluation-used = { $kind ->
    [booking] This period you booked { $names } ({ $count ->
        [one] once
       *[other] { $count } times
    })
    [hotline] This period you asked 12343 for { $names } ({ $count ->
        [one] once
       *[other] { $count } times
    })
   *[grid] This period you reported { $names } to the grid ({ $count ->
        [one] 1 case
       *[other] { $count } cases
    })
}
evaluation-start-button = ⭐ Start the evaluation
evaluation-star = { $score ->
    [5] ⭐⭐⭐⭐⭐ Very satisfied
    [4] ⭐⭐⭐⭐ Satisfied
    [3] ⭐⭐⭐ So-so
    [2] ⭐⭐ Not very satisfied
   *[1] ⭐ Not satisfied
}
evaluation-invite = ⭐ { $community } asks you to rate its work in { $period }.
    A few taps, a minute or two. Your answers are anonymous: staff cannot see who gave them.
    You can answer until { $until }.
evaluation-remind = ⏰ Reminder: { $community } has not had your view on { $period } yet.
    It closes on { $until }; press the button below to start.
evaluation-ask-overall = ⭐ How satisfied are you with the work of { $community } in { $period }?
    Press a button to score it (5 stars is best).
evaluation-ask-service = ⭐ { HAS($used) ->
    [yes] { $used }.{" "}
   *[no] {""}
}How satisfied were you with { $kind ->
    [booking] the room booking
    [hotline] the 12343 home service
   *[grid] how the grid handled what you reported
}?
evaluation-ask-comment = ✍ Anything else you would like to tell the community? Type it (at most { $max ->
    [one] 1 character
   *[other] { $max } characters
}), or press "Skip".
evaluation-hint-stars = Please press one of the star buttons above, or "Skip".
evaluation-thanks = 🙏 Thank you! Your answers go to the community anonymously.
evaluation-closed = ⌛ This evaluation has ended; thank you for caring. You will hear when the next one starts.
evaluation-not-invited = This evaluation is for the registered residents of its community.
evaluation-already = ✅ You have already answered for this period, thank you! Everyone answers once a period.
evaluation-comment-too-long = A comment may have at most { $max ->
    [one] 1 character
   *[other] { $max } characters
}; please make it shorter.
evaluation-round-exists = This community already has an evaluation for this period; it cannot be opened twice.
evaluation-staff-only = Evaluation results are for community staff and the admins above them.
evaluation-none-yet = { $community } has no evaluation results yet.
evaluation-none-anywhere = Your communities have no evaluation results yet. Choose a community to look at:
evaluation-summary-line = · { $kind }: { $score }
evaluation-comment-line = 💬 { $text }
evaluation-summary = 📊 { $community } · { $period }
    { $answered }
    { $scores }{ HAS($comments) ->
        [yes] {""}
            Residents' comments (anonymous):
            { $comments }
       *[no] {""}
    }{ $hidden ->
        [yes] {""}
            Fewer than { $min } comments: not shown.
       *[no] {""}
    }
evaluation-trend-line = · { $period }: { $score }
evaluation-staff-community = { $summary }

    Overall satisfaction over time:
    { $trend }
evaluation-staff-compare = 📊 Overall satisfaction by community, { $period }:
    { $lines }
    Press a community for its details and trend:
evaluation-compare-line = · { $community }{ HAS($score) ->
    [yes] : { $score }
   *[no] : no evaluation this period
}
evaluation-community-button = { $community }
evaluation-chart-trend = Satisfaction in { $community }
evaluation-chart-periods = Period
evaluation-chart-average = Average score (1–5)
evaluation-chart-compare = Overall satisfaction by community, { $period }
evaluation-chart-hidden = { $name } (fewer than 5 answers)
evaluation-chart-none = { $name } (no evaluation)
