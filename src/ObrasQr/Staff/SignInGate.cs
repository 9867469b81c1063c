using Microsoft.AspNetCore.Http;
using ObrasQr.Reports;

namespace ObrasQr.Staff;

/// <summary>
/// Checks an e-mail and password against the accounts with the protections a public form needs: 5 wrong passwords in
/// a row lock the account for 15 minutes; a disabled, locked or unknown account gets the same answer as a wrong
/// password, after the same hashing work (nobody learns which e-mails have accounts); and each client address may
/// fail at most <see cref="MaxFailuresPerAddress"/> times in 15 minutes, whatever the e-mails it tries.
/// </summary>
public sealed class SignInGate(IStaffStore store, StaffPasswords passwords, SubmissionLimiter addresses, TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);
    /// <summary>Enough for a few people behind one office NAT mistyping; far too few to guess passwords.</summary>
    public const int MaxFailuresPerAddress = 20;
    const string ReservationItem = "ObrasQr.SignInReservation";

    // The report limiter's sliding windows and its keyed (never stored) client addresses, with a rule of its own.
    readonly SlidingCounter failures = new(clock, [(Lockout, MaxFailuresPerAddress)]);

    public abstract record Outcome;
    public sealed record SignedIn(StaffMember Member) : Outcome;
    public sealed record Refused : Outcome;
    public sealed record TooManyTries(TimeSpan Wait) : Outcome;

    public async Task<Outcome> CheckAsync(HttpRequest request, string email, string password)
    {
        var ct = request.HttpContext.RequestAborted;
        // A slot is taken before checking (parallel guesses cannot overshoot) and given back on success.
        var client = addresses.ClientKey(addresses.ClientAddress(request));
        var (at, wait) = failures.TryTake(client);
        if (wait is { } w) return new TooManyTries(w);

        var member = email.Length is > 0 and <= 254 ? await store.FindByEmailAsync(email, ct) : null;
        var now = clock.GetUtcNow();
        var matches = passwords.Matches(member, password); // always hashes: same time for unknown e-mails
        if (member is null || member.Disabled) return new Refused();
        if (member.LockedUntil is { } until && until > now) return new Refused();
        if (!matches)
        {
            var failed = member.FailedSignIns + 1;
            await store.UpdateAsync(failed >= MaxFailures
                ? member with { FailedSignIns = 0, LockedUntil = now + Lockout }
                : member with { FailedSignIns = failed, LockedUntil = null }, ct);
            return new Refused();
        }
        failures.Give(client, at);
        if (member.FailedSignIns > 0 || member.LockedUntil is not null)
        {
            member = member with { FailedSignIns = 0, LockedUntil = null };
            await store.UpdateAsync(member, ct);
        }
        return new SignedIn(member);
    }
}
