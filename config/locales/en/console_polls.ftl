## Console: polls (bot/console/views/polls.py)

console-polls-nav = Polls
console-polls-title = Polls
console-polls-new = Open a poll
console-polls-none = The communities you manage have no polls yet.
console-polls-back = ← All polls
console-polls-question = Question
console-polls-place = For
console-polls-state = State
console-polls-closes = Closes
console-polls-turnout = Turnout
console-polls-phase = { $phase ->
        [nominating] Taking nominations
        [scheduled] Not started
        [open] Voting
       *[other] Closed
    }
console-polls-kind = { $kind ->
        [single] One choice
        [multiple] Several choices
       *[other] A score (1–5 stars)
    }
console-polls-unit = { $unit ->
        [household] One vote per household
       *[other] One vote per person
    }
console-polls-nominations-until = Nominations until
console-polls-results = Result
console-polls-hidden = 🔒 The result is published at the close; no counts are shown while the poll runs.
console-polls-option = Option
console-polls-votes = Votes
console-polls-by-building = Turnout by building
console-polls-ballots = Voted
console-polls-nominations = Nominations waiting
console-polls-approve = Put on the ballot
console-polls-reject = Reject
console-polls-close = Close now and publish the result
console-polls-how = How people vote
console-polls-one-vote = Votes are counted
console-polls-question-zh = Question (Chinese)
console-polls-question-en = Question (English, optional)
console-polls-options-zh = Options (Chinese, one per line, 2 to { $most }, at most { $max } { $max ->
        [one] character
       *[other] characters
    } each; none needed when nominations come first)
console-polls-options-en = Options (English, one per line, matching the Chinese; optional)
console-polls-max-choices = With several choices: at most how many
console-polls-results-hidden = Publish the result only at the close
console-polls-form-hint = With "Nominations until" filled in, residents nominate first (as for model households); what you approve goes on the ballot.
console-polls-open = Open the poll
console-polls-choose-place = Please choose whom the poll is for.
console-polls-bad-time = That time is not valid; please choose again.
console-polls-options-mismatch = The English options must match the Chinese ones in number.
console-polls-created = The poll is open; residents are being told.
console-polls-closed-flash = The poll is closed; the voters are getting the result.
console-polls-moderated = The nomination has been decided.
