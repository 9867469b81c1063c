namespace ObrasQr.Staff;

/// <summary>
/// A person who works at the desk: an office clerk, an auditor or an admin, of one entity (its NIT) or of all of them
/// (a departmental office). Signs in with e-mail and password; the password is kept only as Identity's hash.
/// </summary>
/// <param name="EntityNit">The one entity whose things this person sees; null for every entity.</param>
/// <param name="MustChangePassword">Set by an admin's reset: the password is a one-time one, and the desk asks for a
/// new one before anything else.</param>
/// <param name="TotpSecret">The second factor's secret, sealed by <see cref="Reports.IdentityProtector"/>; null without one.</param>
/// <param name="PendingTotpSecret">A secret shown for enrolment, sealed, until a first code confirms it.</param>
/// <param name="RecoveryCodes">SHA-256 of each recovery code not yet used.</param>
/// <param name="MailNotices">Which e-mail this person wants about new reports (<see cref="Mail.MailPreference"/>).</param>
/// <param name="ResetLink">A reset link sent by e-mail and not used yet (<see cref="PasswordReset"/>).</param>
public sealed record StaffMember(
    string Id,
    string Name,
    string Email,
    string Role,
    string? EntityNit,
    bool Disabled,
    string PasswordHash,
    bool MustChangePassword = false,
    string? TotpSecret = null,
    string? PendingTotpSecret = null,
    IReadOnlyList<string>? RecoveryCodes = null,
    string MailNotices = Mail.MailPreference.EachReport,
    ResetLink? ResetLink = null,
    DateTimeOffset? SessionsFrom = null)
{
    public bool HasSecondFactor => TotpSecret is not null;

    /// <summary>E-mail addresses are one account whatever their case: Ana@X.gov.co is ana@x.gov.co.</summary>
    public static string EmailKey(string email) => email.Trim().ToLowerInvariant();

    public string Key => EmailKey(Email);
}

/// <summary>An admin's reset by e-mail: only the SHA-256 of the link's token is kept, so a copy of the store cannot
/// set anyone's password.</summary>
/// <param name="TokenHash">Hex SHA-256 of the link's 32 random bytes (base64url in the link).</param>
/// <param name="By">The admin who asked, named in the mail.</param>
public sealed record ResetLink(string TokenHash, DateTimeOffset ExpiresAt, string By);

/// <summary>A browser signed in to the desk. Only the SHA-256 of the cookie's token is kept: a copy of the store does
/// not let anyone sign in.</summary>
/// <param name="TokenHash">Hex SHA-256 of the cookie's 32 random bytes.</param>
/// <param name="CsrfToken">The token every desk form of this session carries (field "csrf").</param>
public sealed record StaffSession(string TokenHash, string MemberId, string CsrfToken, DateTimeOffset StartedAt, DateTimeOffset LastSeenAt);

/// <summary>Failed sign-ins counted under one key (<see cref="SignInGate"/>): how many, and when the last one was.</summary>
public sealed record SignInFailures(int Count, DateTimeOffset LastAt);

/// <summary>A line of the staff log: who changed which account, when, and what (Spanish, for the admin page), and the
/// entity of that account after the change (null for an unscoped account), whose admins read the line.</summary>
public sealed record StaffChange(DateTimeOffset At, string By, string MemberEmail, string What, string? EntityNit = null);
