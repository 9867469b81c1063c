using Azure;
using Azure.Data.Tables;
using ObrasQr.AzureStorage;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Functions.Tests.Storage;

/// <summary>
/// Group commit on the Azure store (EntityGroupWriter): rows that wait while a partition's previous write is under way
/// go out as one entity group transaction. Each test holds the first write at a gate, so what waits meanwhile is
/// known exactly and no test depends on timing.
/// </summary>
public sealed class EntityGroupWriterTests
{
    /// <summary>Two writes that record what they were asked; the first single add waits until the test opens the gate.</summary>
    sealed class HeldWrites(Func<IReadOnlyList<TableEntity>, Task>? group = null, Func<TableEntity, Task>? one = null)
    {
        public readonly TaskCompletionSource FirstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly List<string[]> Groups = [];
        public readonly List<string> Singles = [];
        int started;

        public EntityGroupWriter Writer() => new(async rows =>
        {
            lock (Groups) Groups.Add([.. rows.Select(r => r.RowKey)]);
            if (group is not null) await group(rows);
        }, async row =>
        {
            lock (Singles) Singles.Add(row.RowKey);
            if (Interlocked.Increment(ref started) == 1)
            {
                FirstStarted.SetResult();
                await Gate.Task;
            }
            if (one is not null) await one(row);
        });
    }

    static TableEntity Row(string partition, string key) => new(partition, key) { ["Json"] = "{\"texto\":\"Obra detenida\"}" };

    [Fact]
    public async Task Rows_that_wait_for_a_write_under_way_go_out_together_in_arrival_order()
    {
        var writes = new HeldWrites();
        var writer = writes.Writer();
        var first = writer.AddAsync(Row("m202611", "a"));
        await writes.FirstStarted.Task;

        var waiting = new[] { "b", "c", "d", "e" }.Select(key => writer.AddAsync(Row("m202611", key))).ToList();
        writes.Gate.SetResult();

        Assert.All(await Task.WhenAll(waiting.Prepend(first)), Assert.True);
        Assert.Equal(["b", "c", "d", "e"], Assert.Single(writes.Groups));
        Assert.Equal(["a"], writes.Singles);
    }

    [Fact]
    public async Task A_group_holds_at_most_one_hundred_rows()
    {
        var writes = new HeldWrites();
        var writer = writes.Writer();
        var first = writer.AddAsync(Row("m202611", "first"));
        await writes.FirstStarted.Task;

        var waiting = Enumerable.Range(0, 250).Select(i => writer.AddAsync(Row("m202611", $"r{i:D3}"))).ToList();
        writes.Gate.SetResult();
        await Task.WhenAll(waiting.Prepend(first));

        Assert.Equal([100, 100, 50], writes.Groups.Select(g => g.Length));
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"r{i:D3}"), writes.Groups.SelectMany(g => g));
    }

    [Fact]
    public async Task Each_partition_has_its_own_groups_because_a_transaction_holds_one_partition()
    {
        var writes = new HeldWrites();
        var writer = writes.Writer();
        var first = writer.AddAsync(Row("m202611", "a"));
        await writes.FirstStarted.Task;

        var november = new[] { "b", "c" }.Select(key => writer.AddAsync(Row("m202611", key))).ToList();
        var december = new[] { "x", "y" }.Select(key => writer.AddAsync(Row("m202612", key))).ToList();
        Assert.All(await Task.WhenAll(december), Assert.True); // while November's write is still held
        writes.Gate.SetResult();
        await Task.WhenAll(november.Prepend(first));

        Assert.Equal([["b", "c"]], writes.Groups.Where(g => g.Contains("b") || g.Contains("c")));
    }

    [Fact]
    public async Task The_same_row_twice_waits_for_the_next_group_since_a_transaction_refuses_repeated_keys()
    {
        var writes = new HeldWrites();
        var writer = writes.Writer();
        var first = writer.AddAsync(Row("m202611", "a"));
        await writes.FirstStarted.Task;

        var waiting = new[] { "b", "c", "b", "d" }.Select(key => writer.AddAsync(Row("m202611", key))).ToList();
        writes.Gate.SetResult();
        await Task.WhenAll(waiting.Prepend(first));

        Assert.Equal([["b", "c"], ["b", "d"]], writes.Groups);
    }

    [Fact]
    public async Task A_failed_group_is_written_row_by_row_and_a_failing_row_fails_alone()
    {
        var writes = new HeldWrites(
            group: _ => throw new RequestFailedException(400, "one action is invalid"),
            one: row => row.RowKey == "bad" ? throw new RequestFailedException(400, "invalid") : Task.CompletedTask);
        var writer = writes.Writer();
        var first = writer.AddAsync(Row("m202611", "a"));
        await writes.FirstStarted.Task;

        var good = writer.AddAsync(Row("m202611", "b"));
        var bad = writer.AddAsync(Row("m202611", "bad"));
        var alsoGood = writer.AddAsync(Row("m202611", "c"));
        writes.Gate.SetResult();

        Assert.True(await first);
        Assert.True(await good);
        Assert.True(await alsoGood);
        Assert.Equal(400, (await Assert.ThrowsAsync<RequestFailedException>(() => bad)).Status);
        Assert.Equal(["a", "b", "bad", "c"], writes.Singles.Order());
    }

    [Fact]
    public async Task On_Azurite_a_group_with_a_row_that_exists_fails_whole_and_each_row_then_gets_its_own_answer()
    {
        var table = Azurite.NewStore().Table(AzureStore.Reports);
        await table.AddEntityAsync(Row("m202611", "stored-before"));
        var groupFailures = new List<int>();
        var writes = new HeldWrites(
            group: async rows =>
            {
                try
                {
                    await table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
                }
                catch (RequestFailedException e)
                {
                    lock (groupFailures) groupFailures.Add(e.Status);
                    throw;
                }
            },
            one: row => table.AddEntityAsync(row));
        var writer = writes.Writer();
        var first = writer.AddAsync(Row("m202611", "a"));
        await writes.FirstStarted.Task;

        var answers = new[] { "b", "stored-before", "c" }.Select(key => writer.AddAsync(Row("m202611", key))).ToList();
        writes.Gate.SetResult();

        Assert.True(await first);
        Assert.Equal(new[] { true, false, true }, await Task.WhenAll(answers));
        Assert.Equal(409, Assert.Single(groupFailures));
        var stored = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["RowKey"])) stored.Add(row.RowKey);
        Assert.Equal(["a", "b", "c", "stored-before"], stored);
    }

    [Fact]
    public async Task On_Azurite_concurrent_adds_to_one_partition_are_each_stored_once()
    {
        var table = Azurite.NewStore().Table(AzureStore.Reports);
        var writer = new EntityGroupWriter(table);

        var answers = await Task.WhenAll(Enumerable.Range(0, 150).Select(i => writer.AddAsync(Row("m202611", $"r{i:D3}"))));

        Assert.All(answers, Assert.True);
        var stored = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["RowKey"])) stored.Add(row.RowKey);
        Assert.Equal(Enumerable.Range(0, 150).Select(i => $"r{i:D3}"), stored);
    }
}
