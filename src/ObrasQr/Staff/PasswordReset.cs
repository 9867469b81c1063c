using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ObrasQr.Mail;
using ObrasQr.Reports;

using ObrasQr.Http;

namespace ObrasQr.Staff;

/// <summary>
/// An admin's reset of someone's password, two ways: a one-time password shown once to the admin, stored only as its
/// hash, which the person must replace at their first sign-in (<see cref="StaffMember.MustChangePassword"/>); or, when
/// mail is configured, a link mailed to the person, valid <see cref="LinkLife"/> and once, where they choose a new one.
/// </summary>
public sealed class PasswordReset(IStaffStore store, StaffPasswords passwords, IMailOutbox outbox, IdentityProtector identities, TimeProvider clock)
{
    public const string LinkPath = "/escritorio/restablecer";
    public static readonly TimeSpan LinkLife = TimeSpan.FromHours(1);
    /// <summary>The field the outbox's sealed token is bound to (<see cref="IdentityProtector.SealSecret"/>).</summary>
    public const string SealField = "restablecer";
    const int TokenBytes = 32;

    /// <summary>The one-time password to show the admin once. With <paramref name="removeSecondFactor"/> (a lost
    /// phone and lost recovery codes) the second factor goes too.</summary>
    public async Task<string> OneTimePasswordAsync(StaffMember member, bool removeSecondFactor, string by, CancellationToken ct = default)
    {
        var password = StaffPasswords.Generate();
        var hash = passwords.Hash(password);
        var now = clock.GetUtcNow();
        await SaveAsync(member, current => current with { PasswordHash = hash, MustChangePassword = true, ResetLink = null, SessionsFrom = now }, removeSecondFactor,
            "Restableció la contraseña con una de un solo uso, que la persona debe cambiar al entrar.", by, ct);
        return password;
    }

    /// <summary>Mails the person a link to choose a new password; their current password stays until they do. A
    /// newer link replaces an older one.</summary>
    public async Task LinkByMailAsync(StaffMember member, bool removeSecondFactor, string by, CancellationToken ct = default)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        var now = clock.GetUtcNow();
        var link = new ResetLink(Hash(token), now + LinkLife, by);
        await SaveAsync(member, current => current with { ResetLink = link }, removeSecondFactor,
            $"Envió a {member.Email} un enlace para elegir una contraseña nueva, válido una hora.", by, ct);
        // After the hash is stored: a mail whose link would not open is never sent.
        await outbox.EnqueueAsync([OutboxMessage.PasswordResetLink(member.Id, identities.SealSecret(token, member.Id, SealField), now)], ct);
    }

    async Task SaveAsync(StaffMember member, Func<StaffMember, StaffMember> change, bool removeSecondFactor, string what, string by, CancellationToken ct)
    {
        var removes = removeSecondFactor && member.HasSecondFactor;
        if (removes) what += " Quitó su segundo factor.";
        await store.ChangeAsync(member.Id, current => removeSecondFactor
            ? change(current) with { TotpSecret = null, PendingTotpSecret = null, RecoveryCodes = null }
            : change(current), ct);
        await store.LogAsync(new StaffChange(clock.GetUtcNow(), by, member.Email, what, member.EntityNit), ct);
    }

    /// <summary>The active account whose unexpired, unused link carries <paramref name="token"/>; null otherwise,
    /// whichever the reason.</summary>
    public async Task<StaffMember?> HolderAsync(string? token, CancellationToken ct = default)
    {
        if (token is null || token.Length != Base64Url.GetEncodedLength(TokenBytes)) return null;
        var now = clock.GetUtcNow();
        // Staff lists are short: one pass over them, not a lookup table for a rare event.
        return (await store.ListAsync(ct)).FirstOrDefault(m => !m.Disabled && m.ResetLink is { } link && link.ExpiresAt > now && Opens(link, token));
    }

    /// <summary>Whether <paramref name="token"/> is the one <paramref name="link"/> was made for.</summary>
    public static bool Opens(ResetLink link, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(link.TokenHash), Encoding.ASCII.GetBytes(Hash(token)));

    /// <summary>The new password chosen at the link, with the rules of <c>/escritorio/cuenta</c>; the link is used up.
    /// Null when it was set, else the field that is wrong and why.</summary>
    public async Task<FieldProblem?> ChooseAsync(StaffMember member, string chosen, string repeated, CancellationToken ct = default)
    {
        if (StaffPasswords.Problem(chosen) is { } weak) return new FieldProblem("password", weak);
        if (chosen != repeated) return new FieldProblem("repeat", "Las dos contraseñas nuevas no coinciden.");
        var hash = passwords.Hash(chosen);
        await store.ChangeAsync(member.Id, current => current with { PasswordHash = hash, MustChangePassword = false, ResetLink = null, SessionsFrom = clock.GetUtcNow() }, ct);
        await store.LogAsync(new StaffChange(clock.GetUtcNow(), member.Name, member.Email,
            "Eligió su contraseña nueva con el enlace que recibió por correo.", member.EntityNit), ct);
        return null;
    }

    static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
}
