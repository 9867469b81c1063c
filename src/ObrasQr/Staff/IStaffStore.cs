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
    /// <summary>The account with the version it was read at (Azure: its ETag; SQLite: its version column), for a
    /// <see cref="ReplaceAsync"/>; null for an unknown id.</summary>
    Task<(StaffMember Member, string Version)?> FindForChangeAsync(string id, CancellationToken ct = default);
    /// <summary>Replaces an account (its e-mail does not change) only if it is still at <paramref name="version"/>;
    /// false, writing nothing, when another change came first or the account is gone.</summary>
    Task<bool> ReplaceAsync(StaffMember member, string version, CancellationToken ct = default);

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

public static class StaffChanges
{
    /// <summary>How many times a change is read and applied again before giving up (each miss means another change of the
    /// same account landed in between: several in a row do not happen in practice).</summary>
    public const int Attempts = 8;

    /// <summary>
    /// Changes an account from what is stored now: reads it, applies <paramref name="change"/> and writes the result only
    /// if the account is still as read; otherwise reads it again and applies the change again. So a change computed
    /// from an older read (a sign-in that read the account before an admin disabled it) never writes back a field that
    /// another change replaced meanwhile. <paramref name="change"/> returns null when there is nothing to change; the
    /// answer is the account as stored after the change, or null for an unknown id.
    /// </summary>
    public static async Task<StaffMember?> ChangeAsync(this IStaffStore store, string id, Func<StaffMember, StaffMember?> change, CancellationToken ct = default)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (await store.FindForChangeAsync(id, ct) is not { } found) return null;
            var (current, version) = found;
            if (change(current) is not { } changed) return current;
            if (changed.Id != current.Id || changed.Key != current.Key)
                throw new ArgumentException("A change keeps the account's id and e-mail.", nameof(change));
            if (await store.ReplaceAsync(changed, version, ct)) return changed;
        }
        throw new InvalidOperationException($"The account {id} changed {Attempts} times while it was being changed.");
    }
}
