using ObrasQr.Reports;

namespace ObrasQr.Tests.Storage;

// IIdentityAccessLog's promise: each opening of a reporter's identity is kept, oldest first.
// SQLite runs it in SqliteStoreTests.cs, Azure in ObrasQr.Functions.Tests (which links this folder).

public abstract class IdentityAccessLogContract
{
    protected abstract IIdentityAccessLog NewLog();

    static readonly DateTimeOffset T0 = new(2026, 11, 3, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Each_opening_of_an_identity_is_kept_with_who_and_when_oldest_first()
    {
        var log = NewLog();
        await log.RecordAsync(new IdentityAccess("r1", "Ana Pérez", T0.AddMinutes(5)));
        await log.RecordAsync(new IdentityAccess("r2", "Luis Gómez", T0));
        await log.RecordAsync(new IdentityAccess("r1", "Luis Gómez", T0));
        await log.RecordAsync(new IdentityAccess("r1", "Luis Gómez", T0)); // the same person in the same tick: both kept

        var r1 = await log.ListAsync("r1");

        Assert.Equal(["Luis Gómez", "Luis Gómez", "Ana Pérez"], r1.Select(a => a.By));
        Assert.Equal([T0, T0, T0.AddMinutes(5)], r1.Select(a => a.At));
        Assert.All(r1, a => Assert.Equal("r1", a.ReportId));
        Assert.Single(await log.ListAsync("r2"));
        Assert.Empty(await log.ListAsync("r3"));
    }
}
