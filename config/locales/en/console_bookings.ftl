## Staff console: room bookings, a centre's day, approvals

console-nav-bookings = Room bookings
console-bookings-title = Room bookings
console-bookings-no-centres = You run no community centre: no room of yours takes bookings.
console-bookings-centres = Centres
console-bookings-previous-day = ← Previous day
console-bookings-today = Today
console-bookings-next-day = Next day →
console-bookings-day = Day
console-bookings-go = Show
console-bookings-legend-booked = Booked
console-bookings-legend-pending = Awaiting approval
console-bookings-legend-blocked = Blocked
console-bookings-closed-day = All rooms are closed on this day.
console-bookings-room-closed = closed that day
console-bookings-room-free = no bookings yet that day
console-bookings-time = Time
console-bookings-blocked = ⛔ Blocked { $time }
console-bookings-block-title = Block a time
console-bookings-room = Room
console-bookings-from = From
console-bookings-until = Until
console-bookings-reason = Reason
console-bookings-block = ⛔ Block
console-bookings-block-hint = Leave the times empty to block the room's whole opening hours. Bookings in that time are cancelled and their holders told, with your reason.
console-bookings-pending-title = Awaiting approval ({ $count })
console-bookings-pending-none = Nothing awaits approval.
console-bookings-number = Booking
console-bookings-when = When
console-bookings-holder = Booked by
console-bookings-purpose = Purpose (people)
console-bookings-decide = Decide
console-bookings-approve = ✅ Approve
console-bookings-reject = ✖ Reject
console-bookings-back = ← Back to the day
console-bookings-booked-at = Booked on
console-bookings-decided = Decided by
console-bookings-checked-in = Checked in
console-bookings-cancel-title = Cancel this booking
console-bookings-cancel = ✖ Cancel the booking
console-bookings-cancel-hint = The holder is told, with your reason; anyone waiting for this time is offered it.
console-bookings-bad-day = A day reads like 2026-11-23.
console-bookings-bad-time = A time reads like 09:30.
console-bookings-block-past = That day has passed; choose today or a later day.
console-bookings-block-far = Blocks can be set at most { $days } { $days ->
    [one] day
   *[other] days
} ahead.
console-bookings-block-closed = The room is closed on that day; there is nothing to block.
console-bookings-block-hours = Choose a time within the room's opening hours that day ({ $open }–{ $close }), the end after the start.
