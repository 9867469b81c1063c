namespace ObrasQr.Staff;

/// <summary>Staff accounts, their desk sessions and the log of changes to accounts.</summary>
public interface IStaffStore
{
    /// <summary>False, storing nothing, when an account already has this e-mail (in any case).</summary>
    Task<bool> AddAsync(StaffMember member, CancellationToken ct = default);
    Task<StaffMember?> FindAsync(string id, CancellationToken ct = default);
    Task<StaffMember?> FindByEmailAsync(string email, CancellationToken ct = default);
    /// <summary>Every account, by e-mail.</summary>
    Task<IReadOnlyList<StaffMember>> ListAsync(CancellationToken ct = default);
    /// <summary>Replaces an existing account (its e-mail does not change); does nothing for an unknown id.</summary>
    Task UpdateAsync(StaffMember member, CancellationToken ct = default);

    Task AddSessionAsync(StaffSession session, CancellationToken ct = default);
    Task<StaffSession?> FindSessionAsync(string tokenHash, CancellationToken ct = default);
    /// <summary>Replaces the session's last activity time; does nothing for an ended session.</summary>
    Task TouchSessionAsync(string tokenHash, DateTimeOffset lastSeenAt, CancellationToken ct = default);
    Task EndSessionAsync(string tokenHash, CancellationToken ct = default);

    /// <summary>Adds one failed sign-in to the counter <paramref name="key"/> atomically (concurrent failures all
    /// count) and returns it: a counter whose last failure is <paramref name="window"/> or more before
    /// <paramref name="at"/> starts again at 1.</summary>
    Task<SignInFailures> CountFailureAsync(string key, DateTimeOffset at, TimeSpan window, CancellationToken ct = default);
    /// <summary>The counter <paramref name="key"/>, or null when it has none.</summary>
    Task<SignInFailures?> FailuresAsync(string key, CancellationToken ct = default);
    Task ClearFailuresAsync(string key, CancellationToken ct = default);

    Task LogAsync(StaffChange change, CancellationToken ct = default);
    /// <summary>The latest changes, newest first: every change, or with <paramref name="entityNit"/> only the changes to
    /// that entity's accounts (<see cref="StaffChange.EntityNit"/>).</summary>
    Task<IReadOnlyList<StaffChange>> ChangesAsync(int limit, string? entityNit = null, CancellationToken ct = default);
}
