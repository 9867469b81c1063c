using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using ObrasQr.Reports;

namespace ObrasQr.Staff;

/// <summary>
/// Checks an e-mail and password against the accounts with the protections a public form needs, without letting
/// anyone lock a clerk out of their own account:
/// - 5 wrong passwords for one account from one address shut that address out of that account for 15 minutes; other
///   addresses are not affected, so the owner's right password from their own connection still works;
/// - wrong passwords for one account from anywhere add up to a growing wait (doubling, capped) that applies only to
///   addresses that have themselves failed for that account: an attacker with many addresses slows themselves down;
/// - each client address may fail at most <see cref="MaxFailuresPerAddress"/> times in 15 minutes, whatever the e-mails.
/// Failures are counted in the store atomically (concurrent tries all count), under the e-mail's hash, so an unknown
/// e-mail behaves exactly like a known one; a disabled or unknown account gets the same answer as a wrong password,
/// after the same hashing work. For an account with a second factor, a right password leads to its code
/// (<see cref="CheckCodeAsync"/>), and a wrong code counts under the same counters as a wrong password.
/// </summary>
public sealed class SignInGate(IStaffStore store, StaffPasswords passwords, SecondFactor secondFactor, ClientAddresses addresses,
    IdentityProtector identities, TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);
    /// <summary>The longest wait the account's failures from everywhere impose on an address that failed for it.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);
    /// <summary>Enough for a few people behind one office NAT mistyping; far too few to guess passwords.</summary>
    public const int MaxFailuresPerAddress = 20;

    // The report limits' sliding windows over keyed (never stored) client addresses, with a rule of its own.
    readonly SlidingCounter failures = new(clock, [(Lockout, MaxFailuresPerAddress)]);

    public abstract record Outcome;
    public sealed record SignedIn(StaffMember Member) : Outcome;
    /// <summary>The password was right and the account has a second factor: its code comes next.</summary>
    public sealed record NeedsCode(StaffMember Member) : Outcome;
    public sealed record Refused : Outcome;
    /// <summary>This address failed too often, for any e-mail (<see cref="MaxFailuresPerAddress"/>) or for this one.</summary>
    public sealed record TooManyTries(TimeSpan Wait) : Outcome;
    /// <summary>The account had many failures from elsewhere too: this address, which failed for it, waits a little.</summary>
    public sealed record SlowedDown(TimeSpan Wait) : Outcome;

    public async Task<Outcome> CheckAsync(HttpRequest request, string email, string password)
    {
        var ct = request.HttpContext.RequestAborted;
        // A slot is taken before checking (parallel guesses cannot overshoot) and given back on success.
        // Stored per account and address: the same pseudonym on every instance and after a restart.
        var client = addresses.Pseudonym(request, identities);
        var (at, wait) = failures.TryTake(client);
        if (wait is { } w) return new TooManyTries(w);

        var valid = email.Length is > 0 and <= 254;
        var account = AccountKey(email);
        var pair = PairKey(email, client);
        var now = clock.GetUtcNow();
        if (valid && await Wait(pair, account, now, ct) is { } refusal) return refusal;

        var member = valid ? await store.FindByEmailAsync(email, ct) : null;
        var matches = passwords.Matches(member, password); // always hashes: same time for unknown e-mails
        if (member is null || member.Disabled || !matches)
        {
            if (valid) await FailAsync(pair, account, now, ct);
            return new Refused();
        }
        failures.Give(client, at);
        // The failures are forgiven only once the second factor's code is right too.
        if (member.HasSecondFactor) return new NeedsCode(member);
        await Task.WhenAll(store.ClearFailuresAsync(pair, ct), store.ClearFailuresAsync(account, ct));
        return new SignedIn(member);
    }

    /// <summary>The second step for an account with a second factor, after its password: a wrong code counts under the
    /// same counters, limits and waits as a wrong password.</summary>
    public async Task<Outcome> CheckCodeAsync(HttpRequest request, StaffMember member, string code)
    {
        var ct = request.HttpContext.RequestAborted;
        var client = addresses.Pseudonym(request, identities); // as in CheckAsync: the same counters
        var (at, wait) = failures.TryTake(client);
        if (wait is { } w) return new TooManyTries(w);

        var account = AccountKey(member.Email);
        var pair = PairKey(member.Email, client);
        var now = clock.GetUtcNow();
        if (await Wait(pair, account, now, ct) is { } refusal) return refusal;
        if (member.Disabled || !await secondFactor.VerifyAsync(member, code, ct))
        {
            await FailAsync(pair, account, now, ct);
            return new Refused();
        }
        failures.Give(client, at);
        await Task.WhenAll(store.ClearFailuresAsync(pair, ct), store.ClearFailuresAsync(account, ct));
        return new SignedIn(member);
    }

    Task FailAsync(string pair, string account, DateTimeOffset now, CancellationToken ct) =>
        Task.WhenAll(store.CountFailureAsync(pair, now, Lockout, ct), store.CountFailureAsync(account, now, Lockout, ct));

    /// <summary>Why this address must wait before trying this account again, or null.</summary>
    async Task<Outcome?> Wait(string pair, string account, DateTimeOffset now, CancellationToken ct)
    {
        if (await store.FailuresAsync(pair, ct) is not { } mine || now - mine.LastAt >= Lockout) return null;
        if (mine.Count >= MaxFailures) return new TooManyTries(mine.LastAt + Lockout - now);
        if (await store.FailuresAsync(account, ct) is { } all && Delay(all.Count) is var delay && now < all.LastAt + delay)
            return new SlowedDown(all.LastAt + delay - now);
        return null;
    }

    /// <summary>Nothing below <see cref="MaxFailures"/> failures of the account; then 1 s, doubling, up to <see cref="MaxDelay"/>.</summary>
    public static TimeSpan Delay(int accountFailures) => accountFailures < MaxFailures ? TimeSpan.Zero
        : TimeSpan.FromSeconds(Math.Min(MaxDelay.TotalSeconds, Math.Pow(2, Math.Min(accountFailures - MaxFailures, 20))));

    /// <summary>The counter of an e-mail's failures from everywhere: its hash, so that the store keeps no e-mail typed
    /// by a stranger.</summary>
    public static string AccountKey(string email) => "a:" + EmailHash(email);

    /// <summary>The counter of an e-mail's failures from one client (its keyed address, <see cref="IdentityProtector.Pseudonym"/>).</summary>
    public static string PairKey(string email, string client) => "p:" + EmailHash(email) + ":" + client;

    static string EmailHash(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(StaffMember.EmailKey(email))))[..32];
}
