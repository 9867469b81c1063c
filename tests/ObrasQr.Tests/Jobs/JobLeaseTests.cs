using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using ObrasQr.AzureStorage;
using ObrasQr.Jobs;
using ObrasQr.Server.Storage;
using ObrasQr.Tests.Storage;

namespace ObrasQr.Tests.Jobs;

/// <summary>Leases on each store's jobs, with two runners in one process sharing the store.</summary>
public abstract class JobLeaseTests : IDisposable
{
    public sealed class OnSqlite : JobLeaseTests
    {
        readonly string directory = Path.Combine(Path.GetTempPath(), "obrasqr-tests", Guid.NewGuid().ToString("N"));

        protected override (IJobStore, IJobQueue) NewStore(TimeProvider clock)
        {
            var jobs = new SqliteJobs(new SqliteDatabase(Path.Combine(directory, "obrasqr.db")), new JobSignal(), clock);
            return (jobs, jobs);
        }

        public override void Dispose()
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    public sealed class OnAzure : JobLeaseTests
    {
        protected override (IJobStore, IJobQueue) NewStore(TimeProvider clock)
        {
            var queues = new QueueServiceClient(Azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            var jobs = new AzureJobs(Azurite.NewStore(), queues, new JobSignal());
            return (jobs, jobs);
        }
    }

    protected abstract (IJobStore Store, IJobQueue Queue) NewStore(TimeProvider clock);

    public virtual void Dispose() { }

    readonly ManualClock clock = new(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero));

    /// <summary>Work that waits at a gate the test opens, and remembers what it was given.</summary>
    sealed class GatedWork : IJobWork
    {
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Running, MostAtOnce, Runs;
        public List<string?> Checkpoints { get; } = [];

        /// <summary>Read under the lock: a run counted has its "at once" counted too.</summary>
        public (int Runs, int MostAtOnce) Seen()
        {
            lock (Checkpoints) return (Runs, MostAtOnce);
        }

        public async Task RunAsync(JobRef job, JobContext context, CancellationToken ct)
        {
            lock (Checkpoints)
            {
                Checkpoints.Add(context.Checkpoint);
                Runs++;
                MostAtOnce = Math.Max(MostAtOnce, ++Running);
            }
            Entered.TrySetResult();
            try { await Gate.Task.WaitAsync(ct); }
            finally { lock (Checkpoints) Running--; }
        }

        public Task FailedAsync(JobRef job, string reason, CancellationToken ct) => Task.CompletedTask;
    }

    JobRunner Runner(IJobStore store, IJobQueue queue, IJobWork work, string holder) =>
        new(store, queue, work, clock, NullLogger<JobRunner>.Instance) { Holder = holder };

    [Fact]
    public async Task Two_runners_never_run_the_same_key_at_once()
    {
        var (store, queue) = NewStore(clock);
        var work = new GatedWork();
        var (first, second) = (Runner(store, queue, work, "first"), Runner(store, queue, work, "second"));
        var job = JobRef.Import("20260302150000-aaaaaaaaaaaa");

        var running = first.RunAsync(job);
        await work.Entered.Task;
        Assert.Equal(JobOutcome.Busy, await second.RunAsync(job));
        Assert.Equal(JobOutcome.Busy, await first.RunAsync(job));   // nor twice in one runner
        work.Gate.SetResult();
        Assert.Equal(JobOutcome.Done, await running);

        Assert.Equal(JobOutcome.Done, await second.RunAsync(job));
        Assert.Equal(1, work.MostAtOnce);
        Assert.Equal(2, work.Runs);
    }

    [Fact]
    public async Task Different_keys_run_at_once()
    {
        var (store, queue) = NewStore(clock);
        var work = new GatedWork();
        var one = Runner(store, queue, work, "first").RunAsync(JobRef.Sync("890480184"));
        await work.Entered.Task;
        var other = Runner(store, queue, work, "second").RunAsync(JobRef.Sync("890481324"));
        while (work.Seen().Runs < 2) await Task.Yield();
        Assert.Equal(2, work.Seen().MostAtOnce);
        work.Gate.SetResult();
        Assert.Equal([JobOutcome.Done, JobOutcome.Done], await Task.WhenAll(one, other));
    }

    [Fact]
    public async Task A_lease_that_expired_is_taken_over_with_its_checkpoint_and_its_old_holder_loses_it()
    {
        var (store, queue) = NewStore(clock);
        var job = JobRef.Import("20260302150000-bbbbbbbbbbbb");
        var dead = await store.TryLeaseAsync(job, "dead", clock.GetUtcNow(), clock.GetUtcNow() + JobRunner.LeaseTime);
        Assert.NotNull(dead);
        dead = await store.RenewAsync(dead, clock.GetUtcNow() + JobRunner.LeaseTime, "{\"rows\":20}");
        var work = new GatedWork();
        work.Gate.SetResult();
        var runner = Runner(store, queue, work, "alive");

        Assert.Equal(JobOutcome.Busy, await runner.RunAsync(job));
        clock.Advance(JobRunner.LeaseTime + TimeSpan.FromSeconds(1));
        Assert.Equal(JobOutcome.Done, await runner.RunAsync(job));

        Assert.Equal(["{\"rows\":20}"], work.Checkpoints);
        await Assert.ThrowsAsync<JobLeaseLost>(() => store.RenewAsync(dead, clock.GetUtcNow() + JobRunner.LeaseTime, "{\"rows\":30}"));
    }

    [Fact]
    public async Task A_job_that_fails_five_times_ends_as_failed_and_the_work_records_it()
    {
        var (store, queue) = NewStore(clock);
        var work = new FailingWork();
        var runner = Runner(store, queue, work, "only");
        var job = JobRef.Import("20260302150000-cccccccccccc");

        var outcomes = new List<JobOutcome>();
        for (var i = 0; i < JobRunner.MaxAttempts; i++) outcomes.Add(await runner.RunAsync(job));

        Assert.Equal([JobOutcome.Retry, JobOutcome.Retry, JobOutcome.Retry, JobOutcome.Retry, JobOutcome.Failed], outcomes);
        Assert.Equal([JobRunner.FailedReason(JobKind.Import)], work.Failures);
        // Forgotten once failed: a new request for the key starts again from its first attempt.
        Assert.Equal(JobOutcome.Retry, await runner.RunAsync(job));
    }

    sealed class FailingWork : IJobWork
    {
        public List<string> Failures { get; } = [];
        public Task RunAsync(JobRef job, JobContext context, CancellationToken ct) => throw new InvalidOperationException("the store is down");
        public Task FailedAsync(JobRef job, string reason, CancellationToken ct)
        {
            Failures.Add(reason);
            return Task.CompletedTask;
        }
    }
}
