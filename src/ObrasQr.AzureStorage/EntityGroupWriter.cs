using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Group commit for rows added to one table, the Azure counterpart of the SQLite report writer: rows that arrive while
/// a partition's previous group is being written wait in that partition's queue, and one writer per partition adds
/// the whole queue as one entity group transaction (atomic, one round trip) and only then answers each of them.
/// A transaction holds one partition of one table, at most <see cref="MaxActions"/> actions and 4 MiB, so a group is
/// cut at those bounds. When a group's transaction fails (one row already exists, a timeout whose outcome is unknown,
/// anything), all of it was rolled back, and its rows are added one by one so each gets its own answer.
/// </summary>
public sealed class EntityGroupWriter
{
    /// <summary>The service's limit of actions in one entity group transaction.</summary>
    public const int MaxActions = 100;
    /// <summary>Under the service's 4 MiB limit for a transaction's body, with room for the multipart framing.</summary>
    const long MaxGroupBytes = 3L * 1024 * 1024;

    readonly Func<IReadOnlyList<TableEntity>, Task> addGroup;
    readonly Func<TableEntity, Task> addOne;
    // One entry per partition ever written (reports: one per entity and month), small enough never to need clearing.
    readonly ConcurrentDictionary<string, PartitionQueue> partitions = new();

    public EntityGroupWriter(TableClient table)
        : this(group => table.SubmitTransactionAsync(group.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row))),
               row => table.AddEntityAsync(row))
    {
    }

    /// <summary>With the two writes given, so that tests can hold a group and see how rows were grouped.</summary>
    public EntityGroupWriter(Func<IReadOnlyList<TableEntity>, Task> addGroup, Func<TableEntity, Task> addOne)
    {
        this.addGroup = addGroup;
        this.addOne = addOne;
    }

    /// <summary>
    /// Adds the row, grouped with the rows of its partition waiting at the same time. True once it is stored; false
    /// when a row with its keys already existed (409, nothing changed). The wait is not cancelled with the caller's
    /// request: once queued, the row is written, as a request that dies after its write would have written it.
    /// </summary>
    public Task<bool> AddAsync(TableEntity row)
    {
        var pending = new Pending(row, EstimatedBytes(row));
        var queue = partitions.GetOrAdd(row.PartitionKey, _ => new PartitionQueue());
        bool startWriter;
        lock (queue)
        {
            queue.Waiting.Enqueue(pending);
            startWriter = !queue.Writing;
            queue.Writing = true;
        }
        if (startWriter) _ = Task.Run(() => WriteGroupsAsync(queue));
        return pending.Done.Task;
    }

    /// <summary>The partition's single writer: runs while its queue has rows, then ends until the next row arrives.</summary>
    async Task WriteGroupsAsync(PartitionQueue queue)
    {
        while (true)
        {
            List<Pending> group;
            lock (queue)
            {
                if (queue.Waiting.Count == 0)
                {
                    queue.Writing = false;
                    return;
                }
                group = NextGroup(queue.Waiting);
            }
            await WriteAsync(group);
        }
    }

    /// <summary>Rows of one partition with distinct row keys, cut into groups that fit one transaction each.</summary>
    public static IEnumerable<List<TableEntity>> Groups(IEnumerable<TableEntity> rows)
    {
        var waiting = new Queue<Pending>(rows.Select(row => new Pending(row, EstimatedBytes(row))));
        while (waiting.Count > 0) yield return [.. NextGroup(waiting).Select(p => p.Row)];
    }

    /// <summary>
    /// Takes rows in arrival order up to the bounds of a transaction. A second row with the same keys (a rerun racing
    /// its first attempt) would make the service refuse the whole transaction, so it waits for the next group.
    /// </summary>
    static List<Pending> NextGroup(Queue<Pending> waiting)
    {
        var group = new List<Pending>();
        var rowKeys = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        while (group.Count < MaxActions && waiting.TryPeek(out var next)
            && !rowKeys.Contains(next.Row.RowKey) && (group.Count == 0 || bytes + next.Bytes <= MaxGroupBytes))
        {
            group.Add(waiting.Dequeue());
            rowKeys.Add(next.Row.RowKey);
            bytes += next.Bytes;
        }
        return group;
    }

    async Task WriteAsync(List<Pending> group)
    {
        if (group.Count > 1)
        {
            try
            {
                await addGroup([.. group.Select(p => p.Row)]);
                foreach (var pending in group) pending.Done.TrySetResult(true);
                return;
            }
            catch (Exception)
            {
                // Nothing of the group was stored (or, after a timeout, maybe all of it): one by one, a row that
                // exists answers "already stored", the others are added, and a failure fails only its own row.
            }
        }
        await Task.WhenAll(group.Select(AddOneAsync));
    }

    async Task AddOneAsync(Pending pending)
    {
        try
        {
            await addOne(pending.Row);
            pending.Done.TrySetResult(true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            pending.Done.TrySetResult(false);
        }
        catch (Exception e)
        {
            pending.Done.TrySetException(e);
        }
    }

    /// <summary>
    /// An upper bound of the row's size in the transaction's JSON: the SDK escapes every non-ASCII character as
    /// \uXXXX (6 bytes), plus room for each property's name, type annotation and quotes.
    /// </summary>
    static long EstimatedBytes(TableEntity row) =>
        512 + row.Sum(p => 128L + p.Key.Length + 6L * (p.Value as string ?? "").Length + (p.Value is string ? 0 : 64));

    sealed class PartitionQueue
    {
        public readonly Queue<Pending> Waiting = new();
        public bool Writing;
    }

    sealed class Pending(TableEntity row, long bytes)
    {
        public TableEntity Row { get; } = row;
        public long Bytes { get; } = bytes;
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
