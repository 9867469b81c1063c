namespace ObrasQr.Staff;

/// <summary>
/// An admin's reset of someone's password. Today one way: a one-time password shown once to the admin, stored only as
/// its hash, which the person must replace at their first sign-in (<see cref="StaffMember.MustChangePassword"/>).
/// </summary>
public sealed class PasswordReset(IStaffStore store, StaffPasswords passwords, TimeProvider clock)
{
    /// <summary>The one-time password to show the admin once. With <paramref name="removeSecondFactor"/> (a lost
    /// phone and lost recovery codes) the second factor goes too.</summary>
    public async Task<string> OneTimePasswordAsync(StaffMember member, bool removeSecondFactor, string by, CancellationToken ct = default)
    {
        var password = StaffPasswords.Generate();
        var changed = member with { PasswordHash = passwords.Hash(password), MustChangePassword = true };
        var what = "Restableció la contraseña con una de un solo uso, que la persona debe cambiar al entrar.";
        if (removeSecondFactor && member.HasSecondFactor)
        {
            changed = changed with { TotpSecret = null, PendingTotpSecret = null, RecoveryCodes = null };
            what += " Quitó su segundo factor.";
        }
        await store.UpdateAsync(changed, ct);
        await store.LogAsync(new StaffChange(clock.GetUtcNow(), by, member.Email, what), ct);
        return password;
    }
}
