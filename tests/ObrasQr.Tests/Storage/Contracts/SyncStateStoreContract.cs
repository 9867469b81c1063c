using ObrasQr.Sync;

namespace ObrasQr.Tests.Storage;

// ISyncStateStore's promise: a value per key, null until set, then replaced.
// SQLite runs it in SqliteStoreTests.cs, Azure in ObrasQr.Functions.Tests (which links this folder).

public abstract class SyncStateStoreContract
{
    protected abstract ISyncStateStore NewStore();

    [Fact]
    public async Task Value_is_null_until_set_and_then_replaced()
    {
        var store = NewStore();
        Assert.Null(await store.GetAsync("soda:jbjy-vk9h:890480184"));

        await store.SetAsync("soda:jbjy-vk9h:890480184", "{\"offset\":1000}");
        await store.SetAsync("soda:jbjy-vk9h:890480184", "{\"offset\":2000}");
        await store.SetAsync("other", "x");

        Assert.Equal("{\"offset\":2000}", await store.GetAsync("soda:jbjy-vk9h:890480184"));
        Assert.Equal("x", await store.GetAsync("other"));
    }
}
