using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ObrasQr.Reports;
using OtpNet;

namespace ObrasQr.Staff;

/// <summary>
/// The optional second factor: a TOTP code (RFC 6238 through Otp.NET: 30-second steps, 6 digits, SHA-1, as
/// authenticator apps expect) or one of 10 recovery codes. The secret is kept sealed by <see cref="IdentityProtector"/>
/// with the identity keys; recovery codes only as SHA-256 (they are random, 50 bits each). Each code is accepted once:
/// the store's atomic counter claims it (<see cref="IStaffStore.CountFailureAsync"/> answers 1 only to the first).
/// </summary>
public sealed class SecondFactor(IStaffStore store, IdentityProtector protector, TimeProvider clock)
{
    public const int RecoveryCodeCount = 10;
    const string Issuer = "ObrasQr";
    const string SecretField = "totp", PendingField = "totp-pending", TicketField = "sign-in";
    // A used step is remembered beyond the verification window (one step either side of now).
    static readonly TimeSpan StepMemory = TimeSpan.FromMinutes(3);
    static readonly TimeSpan CodeMemory = TimeSpan.FromDays(3650);
    /// <summary>How long after the password the code may be typed.</summary>
    public static readonly TimeSpan TicketLife = TimeSpan.FromMinutes(5);

    /// <summary>A secret being enrolled: as text to type and as the otpauth:// address its QR code carries.</summary>
    public sealed record Enrolment(string Secret, string Uri);

    /// <summary>Starts (or restarts) an enrolment with a new secret, kept sealed until a first code confirms it.</summary>
    public async Task<StaffMember> BeginAsync(StaffMember member, CancellationToken ct = default)
    {
        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        var sealedSecret = protector.SealSecret(secret, member.Id, PendingField);
        return await store.ChangeAsync(member.Id, current => current with { PendingTotpSecret = sealedSecret }, ct)
            ?? member with { PendingTotpSecret = sealedSecret };
    }

    public Enrolment? Pending(StaffMember member) =>
        protector.OpenSecret(member.PendingTotpSecret, member.Id, PendingField) is { } secret
            ? new(secret, new OtpUri(OtpType.Totp, secret, member.Email, Issuer).ToString())
            : null;

    /// <summary>Turns the second factor on when <paramref name="code"/> is the pending secret's current code: the
    /// recovery codes to show once; null when the code is wrong.</summary>
    public async Task<IReadOnlyList<string>?> ConfirmAsync(StaffMember member, string code, CancellationToken ct = default)
    {
        if (Pending(member) is not { } pending || !await AcceptAsync(member, pending.Secret, Normalize(code), ct)) return null;
        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ => NewRecoveryCode()).ToList();
        var sealedSecret = protector.SealSecret(pending.Secret, member.Id, SecretField);
        await store.ChangeAsync(member.Id, current => current with
        {
            TotpSecret = sealedSecret, PendingTotpSecret = null, RecoveryCodes = codes.Select(Hash).ToList(),
        }, ct);
        await LogAsync(member.Name, member, $"Activó el segundo factor (aplicación autenticadora) y recibió {RecoveryCodeCount} códigos de recuperación.", ct);
        return codes;
    }

    public async Task DisableAsync(StaffMember member, string by, CancellationToken ct = default)
    {
        await store.ChangeAsync(member.Id, current => current with { TotpSecret = null, PendingTotpSecret = null, RecoveryCodes = null }, ct);
        await LogAsync(by, member, "Desactivó el segundo factor.", ct);
    }

    /// <summary>Whether <paramref name="code"/> is the member's current TOTP code, not used before, or one of their
    /// unused recovery codes (then spent and logged).</summary>
    public async Task<bool> VerifyAsync(StaffMember member, string code, CancellationToken ct = default)
    {
        var typed = Normalize(code);
        if (typed.Length == 6 && typed.All(char.IsAsciiDigit))
            return protector.OpenSecret(member.TotpSecret, member.Id, SecretField) is { } secret && await AcceptAsync(member, secret, typed, ct);
        if (typed.Length is 0 or > 40 || member.RecoveryCodes is not { } left) return false;
        var hash = Hash(typed);
        if (!left.Contains(hash)) return false;
        if ((await store.CountFailureAsync($"recovery:{member.Id}:{hash}", clock.GetUtcNow(), CodeMemory, ct)).Count != 1) return false;
        // From the account as stored now: this sign-in read it before, and an admin may have changed it since.
        var stored = await store.ChangeAsync(member.Id, current => current with { RecoveryCodes = current.RecoveryCodes?.Where(h => h != hash).ToList() }, ct);
        var remaining = stored?.RecoveryCodes?.Count ?? 0;
        await LogAsync(member.Name, member, $"Entró con un código de recuperación; le quedan {remaining}.", ct);
        return true;
    }

    async Task<bool> AcceptAsync(StaffMember member, string secret, string code, CancellationToken ct)
    {
        if (code.Length != 6 || !code.All(char.IsAsciiDigit)) return false;
        var now = clock.GetUtcNow();
        if (!new Totp(Base32Encoding.ToBytes(secret)).VerifyTotp(now.UtcDateTime, code, out var step, VerificationWindow.RfcSpecifiedNetworkDelay))
            return false;
        return (await store.CountFailureAsync($"totp:{member.Id}:{step.ToString(CultureInfo.InvariantCulture)}", now, StepMemory, ct)).Count == 1;
    }

    /// <summary>Proof, carried by the code form, that this browser (its sign-in form token) typed the member's password
    /// less than <see cref="TicketLife"/> ago.</summary>
    public string Ticket(StaffMember member, string formToken) =>
        protector.SealSecret($"{member.Id}|{(clock.GetUtcNow() + TicketLife).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}", formToken, TicketField);

    /// <summary>The member id of a valid, unexpired ticket; otherwise null.</summary>
    public string? OpenTicket(string? ticket, string formToken)
    {
        if (ticket is not { Length: > 0 and <= 500 } || protector.OpenSecret(ticket, formToken, TicketField) is not { } text) return null;
        var bar = text.LastIndexOf('|');
        return bar > 0 && long.TryParse(text[(bar + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var until)
            && clock.GetUtcNow().ToUnixTimeSeconds() < until ? text[..bar] : null;
    }

    Task LogAsync(string by, StaffMember member, string what, CancellationToken ct) =>
        store.LogAsync(new StaffChange(clock.GetUtcNow(), by, member.Email, what, member.EntityNit), ct);

    /// <summary>A code as typed: spaces and dashes dropped, lower case.</summary>
    static string Normalize(string? code) =>
        new((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToLowerInvariant).Take(41).ToArray());

    static string NewRecoveryCode()
    {
        var text = RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyz23456789", 10);
        return text[..5] + "-" + text[5..];
    }

    static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(code))));
}
