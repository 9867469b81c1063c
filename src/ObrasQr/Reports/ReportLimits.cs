using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ObrasQr.Reports;

/// <summary>
/// The fair limits on citizens (the rule, with its numbers, is in docs/reports.md). Report submissions, per client
/// (<see cref="ClientAddresses"/>): every submission counts, accepted or refused, at most MaxPerClientPerHour in any
/// sliding hour and MaxPerClientPerMinute in any minute. A slot is taken when a submission starts (so parallel requests
/// cannot overshoot) and given back only when it replays a stored report: a refused one cost the server work too. The
/// defaults (60 an hour, 10 a minute) let 30 people behind one carrier NAT report within an hour while a script from one
/// address files at most 10 a minute. Tracking-code lookups: at most MaxLookupsPerClientPerMinute a minute. Clients are
/// counted under their daily key (<see cref="ClientAddresses.DailyKey(System.Net.IPAddress?)"/>), and the counts go when
/// the key changes. Lives in the handlers, not in middleware, so that both hosts apply it.
/// </summary>
public sealed class ReportLimits
{
    static readonly TimeSpan Hour = TimeSpan.FromHours(1), Minute = TimeSpan.FromMinutes(1);
    const string ReservationItem = "ObrasQr.SubmissionReservation";

    readonly SlidingCounter? submissions;
    readonly SlidingCounter? lookups;
    readonly ClientAddresses addresses;

    public ReportLimits(IOptions<ObrasQrOptions> options, ClientAddresses addresses, TimeProvider clock)
    {
        this.addresses = addresses;
        var o = options.Value.Reports;
        if (o.MaxPerClientPerHour > 0)
            submissions = new SlidingCounter(clock, [(Hour, o.MaxPerClientPerHour), (Minute, o.MaxPerClientPerMinute)]);
        if (o.MaxLookupsPerClientPerMinute > 0)
            lookups = new SlidingCounter(clock, [(Minute, o.MaxLookupsPerClientPerMinute)]);
        // Yesterday's keys can no longer be linked: their counts go with them.
        addresses.DailyKeyRenewed += () =>
        {
            submissions?.Clear();
            lookups?.Clear();
        };
    }

    /// <summary>Null when the client may submit (a slot is then reserved); otherwise how long it should wait.</summary>
    public TimeSpan? Acquire(HttpRequest request)
    {
        if (submissions is null) return null;
        var key = addresses.DailyKey(request);
        var (at, wait) = submissions.TryTake(key);
        if (wait is not null) return wait;
        request.HttpContext.Items[ReservationItem] = (key, at);
        return null;
    }

    /// <summary>Gives the reserved slot back: the submission was a retry of a stored one.</summary>
    public void Release(HttpRequest request)
    {
        if (submissions is not null && request.HttpContext.Items.Remove(ReservationItem, out var value) && value is (string key, DateTimeOffset at))
            submissions.Give(key, at);
    }

    /// <summary>Null when the client may look a code up now; otherwise how long it should wait.</summary>
    public TimeSpan? AcquireLookup(HttpRequest request) =>
        lookups?.TryTake(addresses.DailyKey(request)).Wait;
}
