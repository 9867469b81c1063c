using ObrasQr.Staff;

namespace ObrasQr.Tests.Storage;

// IStaffStore's promises: accounts, sign-in counters, sessions and the log of changes.
// SQLite runs it in SqliteStoreTests.cs, Azure in ObrasQr.Functions.Tests (which links this folder).

public abstract class StaffStoreContract
{
    protected abstract IStaffStore NewStore();

    static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    static StaffMember Ana(string id = "s-ana", string email = "Ana@Alcaldia.gov.co") =>
        new(id, "Ana Pérez", email, "admin", "890480184", Disabled: false, PasswordHash: "hash");

    [Fact]
    public async Task An_account_is_found_by_id_and_by_its_email_in_any_case()
    {
        var store = NewStore();
        Assert.True(await store.AddAsync(Ana()));

        Assert.Equal(Ana(), await store.FindAsync("s-ana"));
        Assert.Equal("s-ana", (await store.FindByEmailAsync("ana@alcaldia.GOV.CO"))?.Id);
        Assert.Null(await store.FindByEmailAsync("otra@alcaldia.gov.co"));
        Assert.Null(await store.FindAsync("s-none"));
    }

    [Fact]
    public async Task A_second_account_with_the_same_email_in_another_case_is_refused()
    {
        var store = NewStore();
        await store.AddAsync(Ana());

        Assert.False(await store.AddAsync(Ana("s-other", "ANA@alcaldia.gov.co")));
        Assert.Null(await store.FindAsync("s-other"));
        Assert.Equal(["s-ana"], (await store.ListAsync()).Select(m => m.Id));
    }

    [Fact]
    public async Task Concurrent_failed_sign_ins_all_count_and_an_old_counter_starts_again()
    {
        var store = NewStore();
        var window = TimeSpan.FromMinutes(15);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => store.CountFailureAsync("a:ana", T0, window))));
        var counted = await store.FailuresAsync("a:ana");
        var later = await store.CountFailureAsync("a:ana", T0 + window, window);
        await store.CountFailureAsync("a:otra", T0, window);
        await store.ClearFailuresAsync("a:otra");

        Assert.Equal(new SignInFailures(12, T0), counted);
        Assert.Equal(new SignInFailures(1, T0 + window), later);
        Assert.Null(await store.FailuresAsync("a:otra"));
        Assert.Null(await store.FailuresAsync("a:nadie"));
    }

    [Fact]
    public async Task A_change_replaces_the_account_and_an_unknown_one_changes_nothing()
    {
        var store = NewStore();
        await store.AddAsync(Ana());
        var locked = Ana() with { Role = "auditor", EntityNit = null, Disabled = true };

        Assert.Equal(locked, await store.ChangeAsync("s-ana", _ => locked));
        Assert.Null(await store.ChangeAsync("s-ghost", m => m with { Disabled = true }));

        Assert.Equal(locked, await store.FindAsync("s-ana"));
        Assert.Null(await store.FindAsync("s-ghost"));
    }

    [Fact]
    public async Task A_replace_over_a_version_that_another_change_replaced_writes_nothing()
    {
        var store = NewStore();
        await store.AddAsync(Ana());
        var (read, version) = (await store.FindForChangeAsync("s-ana"))!.Value;

        Assert.True(await store.ReplaceAsync(read with { Disabled = true }, version));
        Assert.False(await store.ReplaceAsync(read with { Name = "Ana de antes" }, version));

        Assert.Equal(read with { Disabled = true }, await store.FindAsync("s-ana"));
    }

    [Fact]
    public async Task A_sign_in_that_read_the_account_before_an_admin_disabled_it_is_applied_again_and_keeps_it_disabled()
    {
        var store = NewStore();
        await store.AddAsync(Ana() with { RecoveryCodes = ["a", "b"] });
        var reads = 0;

        // The sign-in spends recovery code "a"; between its read and its write an admin disables the account.
        var stored = await store.ChangeAsync("s-ana", current =>
        {
            if (reads++ == 0) store.ChangeAsync("s-ana", m => m with { Disabled = true }).GetAwaiter().GetResult();
            return current with { RecoveryCodes = current.RecoveryCodes!.Where(c => c != "a").ToList() };
        });

        var now = (await store.FindAsync("s-ana"))!;
        Assert.Equal(2, reads);
        Assert.True(stored!.Disabled);
        Assert.True(now.Disabled);
        Assert.Equal(["b"], now.RecoveryCodes!);
    }

    [Fact]
    public async Task Accounts_are_listed_by_email()
    {
        var store = NewStore();
        await store.AddAsync(Ana("s-2", "zoe@x.co"));
        await store.AddAsync(Ana("s-1", "Beto@x.co"));

        Assert.Equal(["s-1", "s-2"], (await store.ListAsync()).Select(m => m.Id));
    }

    [Fact]
    public async Task A_session_is_found_by_its_hash_touched_and_ended()
    {
        var store = NewStore();
        var session = new StaffSession(new string('a', 64), "s-ana", "csrf-1", T0, T0);
        await store.AddSessionAsync(session);

        Assert.Equal(session, await store.FindSessionAsync(session.TokenHash));
        await store.TouchSessionAsync(session.TokenHash, T0.AddMinutes(10));
        Assert.Equal(T0.AddMinutes(10), (await store.FindSessionAsync(session.TokenHash))?.LastSeenAt);

        await store.EndSessionAsync(session.TokenHash);
        await store.TouchSessionAsync(session.TokenHash, T0.AddMinutes(20));
        Assert.Null(await store.FindSessionAsync(session.TokenHash));
        Assert.Null(await store.FindSessionAsync(new string('b', 64)));
    }

    [Fact]
    public async Task Changes_to_accounts_are_read_newest_first_up_to_a_limit()
    {
        var store = NewStore();
        for (var i = 0; i < 3; i++)
            await store.LogAsync(new StaffChange(T0.AddMinutes(i), "Ana Pérez", "beto@x.co", $"cambio {i}"));

        Assert.Equal(["cambio 2", "cambio 1"], (await store.ChangesAsync(2)).Select(c => c.What));
    }

    [Fact]
    public async Task Changes_to_an_entitys_accounts_are_read_apart_from_the_whole_log()
    {
        var store = NewStore();
        await store.LogAsync(new StaffChange(T0, "Ana Pérez", "beto@x.co", "cartagena 1", "890480184"));
        await store.LogAsync(new StaffChange(T0.AddMinutes(1), "Ana Pérez", "carla@x.co", "turbaco", "890481343"));
        await store.LogAsync(new StaffChange(T0.AddMinutes(2), "Ana Pérez", "dora@x.co", "sin entidad"));
        await store.LogAsync(new StaffChange(T0.AddMinutes(3), "Ana Pérez", "beto@x.co", "cartagena 2", "890480184"));

        Assert.Equal(["cartagena 2", "cartagena 1"], (await store.ChangesAsync(10, "890480184")).Select(c => c.What));
        Assert.Equal(["cartagena 2"], (await store.ChangesAsync(1, "890480184")).Select(c => c.What));
        Assert.Equal(["cartagena 2", "sin entidad", "turbaco", "cartagena 1"], (await store.ChangesAsync(10)).Select(c => c.What));
        Assert.Empty(await store.ChangesAsync(10, "800000000"));
    }
}
