## Console: residents' evaluation (bot/console/views/evaluation.py)

console-evaluation-nav = Evaluation
console-evaluation-title = Residents' evaluation of community work
console-evaluation-anonymous = Answers are anonymous: nothing here says who gave them. Figures and comments from fewer than { $min } answers are never shown.
console-evaluation-compare-title = Overall satisfaction by community, { $period }
console-evaluation-trend-title = Satisfaction in { $community }
console-evaluation-caption = Average score, 1 to 5. Groups with fewer than { $min } answers have no bar.
console-evaluation-latest = Latest period: { $period }
console-evaluation-community = Community
console-evaluation-overall = Overall satisfaction
console-evaluation-answered = Answered
console-evaluation-none = No evaluation results yet.
console-evaluation-of = Evaluation of { $community }
console-evaluation-back = ← All communities
console-evaluation-rounds = Rounds
console-evaluation-period = Period
console-evaluation-state = State
console-evaluation-state-value = { $open ->
    [yes] open until { $until }
   *[no] closed
}
console-evaluation-comments = Residents' comments (anonymous) · { $period }
console-evaluation-comments-hidden = Fewer than { $min } comments: not shown.
console-evaluation-comments-none = Nobody left a comment this period.
console-evaluation-open-title = Start an evaluation now
console-evaluation-open-hint = About the community's work in { $period }: every registered resident is invited (after the quiet hours). Once a period only.
console-evaluation-open-button = Start the evaluation of { $period }
console-evaluation-opened = The evaluation of { $period } has started; { $invited ->
    [one] 1 resident was invited
   *[other] { $invited } residents were invited
}.
