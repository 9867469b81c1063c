using ObrasQr.Server;
using ObrasQr.Server.Storage;
using ObrasQr.Staff;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Tests.Staff;

/// <summary>The demo server's desk sign-ins: a new password every run, and none outside Development.</summary>
public sealed class DevelopmentStaffTests : IDisposable
{
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Each_run_prepares_an_admin_an_office_clerk_and_an_auditor_with_new_passwords()
    {
        var store = new SqliteStaffStore(temp.Database());
        var passwords = new StaffPasswords();
        var staff = new DevelopmentStaff(store, new StaffAccounts(store, passwords, TimeProvider.System), passwords);

        var first = await staff.PrepareAsync(CancellationToken.None);
        var second = await staff.PrepareAsync(CancellationToken.None);

        Assert.Equal(["admin", "office", "auditor"], first.Select(s => s.Role));
        Assert.Equal(3, (await store.ListAsync()).Count);
        foreach (var (email, _, password) in second)
            Assert.True(passwords.Matches(await store.FindByEmailAsync(email), password));
        Assert.False(passwords.Matches(await store.FindByEmailAsync(first[0].Email), first[0].Password));
    }

    [Fact]
    public async Task A_server_outside_development_makes_no_demo_accounts()
    {
        using var factory = new ObrasQrFactory(); // "Testing", with demo data

        _ = factory.CreateClient();

        Assert.Empty(await factory.Service<IStaffStore>().ListAsync());
    }
}
