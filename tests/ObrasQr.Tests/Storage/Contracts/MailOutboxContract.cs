using ObrasQr.AzureStorage;
using ObrasQr.Mail;
using ObrasQr.Reports;
using ObrasQr.Server.Storage;

namespace ObrasQr.Tests.Storage;

/// <summary>The outbox's promises, the same on both stores, and the report store writing its notices with its own writes.</summary>
public abstract class MailOutboxContract
{
    static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    protected abstract (IMailOutbox Outbox, IReportStore Reports) NewStores();

    static OutboxMessage Digest(int day, DateTimeOffset due) => OutboxMessage.Digest(new DateOnly(2026, 12, day), due);

    static Report NewReport(string id) => new()
    {
        ReportId = id, ContractId = "CO1.PCCNTR.1", EntityNit = "890480184", Category = "otro", Description = "Una descripción.",
        ReceivedAt = T0, Deadline = new DateOnly(2026, 12, 30), TrackingCodeHash = TrackingCode.Hash(TrackingCode.New()),
    };

    [Fact]
    public async Task A_message_written_twice_is_stored_once_as_first_written()
    {
        var (outbox, _) = NewStores();
        await outbox.EnqueueAsync([Digest(7, T0)]);
        await outbox.MarkFailedAsync(Digest(7, T0).Id, 1, T0.AddMinutes(1), "caído");

        await outbox.EnqueueAsync([Digest(7, T0), Digest(7, T0)]);

        var stored = await outbox.FindAsync(Digest(7, T0).Id);
        Assert.Equal((1, T0.AddMinutes(1), "caído"), (stored!.Attempts, stored.DueAt, stored.LastError));
        Assert.Empty(await outbox.DueAsync(T0, take: 10));
    }

    [Fact]
    public async Task Due_lists_the_unsent_messages_due_by_now_earliest_first()
    {
        var (outbox, _) = NewStores();
        await outbox.EnqueueAsync([Digest(9, T0.AddMinutes(5)), Digest(8, T0.AddMinutes(-5)), Digest(7, T0), Digest(10, T0.AddMinutes(-1))]);
        await outbox.MarkSentAsync(Digest(10, T0).Id, T0);

        var due = await outbox.DueAsync(T0, take: 10);

        Assert.Equal([Digest(8, T0).Id, Digest(7, T0).Id], due.Select(m => m.Id));
        Assert.Equal([Digest(8, T0).Id], (await outbox.DueAsync(T0, take: 1)).Select(m => m.Id));
    }

    [Fact]
    public async Task A_failed_message_is_due_again_at_its_next_attempt_and_a_sent_one_never_again()
    {
        var (outbox, _) = NewStores();
        var message = Digest(7, T0);
        await outbox.EnqueueAsync([message]);

        await outbox.MarkFailedAsync(message.Id, 3, T0.AddMinutes(4), "Conexión rechazada");
        Assert.Empty(await outbox.DueAsync(T0.AddMinutes(3), take: 10));
        var again = Assert.Single(await outbox.DueAsync(T0.AddMinutes(4), take: 10));
        Assert.Equal((3, "Conexión rechazada"), (again.Attempts, again.LastError));

        await outbox.MarkSentAsync(message.Id, T0.AddMinutes(4));
        await outbox.MarkFailedAsync(message.Id, 4, T0.AddMinutes(5), "tarde"); // a late failure does not revive it
        Assert.Empty(await outbox.DueAsync(T0.AddDays(1), take: 10));
        Assert.Equal(T0.AddMinutes(4), (await outbox.FindAsync(message.Id))!.SentAt);
    }

    [Fact]
    public async Task A_new_report_and_each_change_of_it_are_in_the_outbox_as_soon_as_the_store_has_them()
    {
        var (outbox, reports) = NewStores();
        var report = await reports.AddAsync(NewReport("r" + Guid.NewGuid().ToString("N")[..10]), null);
        var changed = report.ChangeStatus(ReportStatus.InReview, "Revisión.", null, "auditora", T0.AddHours(1))!;
        Assert.True(await reports.UpdateAsync(changed, report.Version));

        var received = await outbox.FindAsync($"recibido:{report.ReportId}");
        Assert.Equal((OutboxKind.ReportReceived, report.ReportId, T0), (received!.Kind, received.ReportId, received.DueAt));
        var change = await outbox.FindAsync($"cambio:{report.ReportId}:2");
        Assert.Equal((OutboxKind.ReportChanged, 2, T0.AddHours(1)), (change!.Kind, change.Version, change.DueAt));
    }
}

public sealed class SqliteMailOutboxTests : MailOutboxContract, IDisposable
{
    readonly TempDirectory temp = new();
    protected override (IMailOutbox, IReportStore) NewStores()
    {
        var db = temp.Database();
        return (new SqliteMailOutbox(db), new SqliteReportStore(db));
    }
    public void Dispose() => temp.Dispose();
}

public sealed class AzureMailOutboxTests : MailOutboxContract
{
    protected override (IMailOutbox, IReportStore) NewStores()
    {
        var store = Azurite.NewStore();
        return (new AzureMailOutbox(store), new AzureReportStore(store));
    }
}
