## Staff console: 12343 service requests and providers

console-nav-requests = Service requests
console-requests-title = 12343 service requests
console-requests-open = Open
console-requests-queue = Operators' queue
console-requests-overdue = Overdue
console-requests-providers = Providers
console-requests-status = Status
console-requests-any = Any
console-requests-category = Category
console-requests-provider = Provider
console-requests-deadline = Deadline
console-requests-sla = { $level ->
    [red] 🔴 Overdue
    [yellow] 🟡 Deadline near
   *[other] On time
}
console-requests-filter = Filter
console-requests-ticket = Ticket
console-requests-service = Service
console-requests-community = Community
console-requests-created = Received
console-requests-complete-by = Finish by
console-requests-respond-by = Answer by
console-requests-newer = ← Newer
console-requests-older = Older →
console-requests-none = No requests match.
console-requests-back = ← All requests
console-requests-details = Details
console-requests-preferred = Time asked for
console-requests-offered-to = Offered to
console-requests-eta = Expected
console-requests-done-note = What was done
console-requests-done-hint = At most { $max } { $max ->
    [one] character
   *[other] characters
}. The resident is asked to confirm; then the ticket closes.
console-requests-rating = Rating
console-requests-reopens = Reopened
console-requests-contact = Contact
console-requests-who = Contact person
console-requests-address = Address
console-requests-phone = Phone
console-requests-photo = Photo of the finished work
console-requests-contact-hidden = 🔒 The resident's address and phone are shown to operators, and to the provider from when it accepts until some days after the ticket closes.
console-requests-offer = Offered to you until { $until }
console-requests-accept = ✅ Accept
console-requests-reassign = Send to another provider
console-requests-reassign-button = 🔀 Send
console-requests-history = History
console-requests-event = { $kind ->
    [created] Received
    [offered] Offered to a provider
    [accepted] Accepted
    [declined] Declined
    [expired] Offer not answered in time
    [reassigned] Sent to another provider by an operator
    [queued] In the operators' queue
    [done] Marked done
    [confirmed] Confirmed by the resident
    [reopened] Not done, reopened
    [cancelled] Cancelled by the resident
    [auto_closed] Closed, unrated
   *[other] { $kind }
}
console-requests-actor-system = automatically
console-requests-actor-resident = the resident
console-requests-providers-title = Providers and their evaluation, { $month }
console-requests-month-previous = ← Previous month
console-requests-month-next = Next month →
console-requests-services = Services
console-requests-areas = Serves
console-requests-offers = Offers
console-requests-cases = Cases
console-requests-acceptance = Accepted
console-requests-on-time = On time
console-requests-inactive = inactive
console-requests-no-providers = No provider serves your places.
console-requests-bad-filter = That filter is not one of the choices; use the form.
console-requests-bad-eta = Choose when you will be there from the list.
console-requests-bad-provider = Choose a provider from the list: an active provider of this service.
console-requests-bad-month = A month reads like 2026-11.
console-requests-done-at = Done at
console-requests-xlsx = ⬇ Export to Excel (these filters, with residents' ratings)
