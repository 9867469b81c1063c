namespace ObrasQr.Staff;

/// <summary>The desk's account rules (ObrasQr__Staff__*).</summary>
public sealed class StaffOptions
{
    /// <summary>When true, auditors and admins (who may see reporters' identities and manage accounts) must enrol a
    /// second factor right after signing in, and use nothing else at the desk until they do.</summary>
    public bool RequireSecondFactor { get; set; }

    /// <summary>Whether <paramref name="member"/>'s role must have a second factor under these rules.</summary>
    public bool Requires(StaffMember member) => RequireSecondFactor && member.Role is Auth.Roles.Auditor or Auth.Roles.Admin;
}
