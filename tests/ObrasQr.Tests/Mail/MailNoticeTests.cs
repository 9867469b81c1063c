using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Mail;
using ObrasQr.Reports;
using ObrasQr.Staff;

namespace ObrasQr.Tests.Mail;

/// <summary>
/// The notices end to end: reports go in through the HTTP API, the sender runs as either host runs it, and a real SMTP
/// server (<see cref="MailDev"/>) says what arrived. The clock is pinned; the sender's own loop is kept out of the way.
/// </summary>
public sealed class MailNoticeTests
{
    const string ContractId = "CO1.PCCNTR.5361557", Cartagena = "890480184", Manizales = "890801053";
    // Saturday: no morning digest gets in the way of the per-report notices.
    static readonly DateTimeOffset Saturday = new(2026, 12, 5, 12, 0, 0, ColombiaTime.Offset);

    static ObrasQrFactory Factory(StoreKind store, MailDev mail, ManualClock clock)
    {
        var factory = new ObrasQrFactory(store) { Clock = clock };
        factory.Settings["ObrasQr:Reports:MaxPerClientPerHour"] = "0";
        return mail.Configure(factory);
    }

    static async Task<StaffMember> AuditorAsync(ObrasQrFactory factory, string email, string? entityNit, string notices = MailPreference.EachReport,
        string role = Roles.Auditor, bool disabled = false)
    {
        var member = new StaffMember(Guid.NewGuid().ToString("N")[..12], email.Split('@')[0], email, role, entityNit, disabled, "sin-clave", MailNotices: notices);
        Assert.True(await factory.Service<IStaffStore>().AddAsync(member));
        return member;
    }

    static async Task<(Report Report, string Code)> SubmitAsync(ObrasQrFactory factory, bool notify = false, string email = "jorge.ruiz@example.co")
    {
        var created = await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports", new
        {
            category = "obra_paralizada",
            description = "La obra lleva un mes detenida sin trabajadores. Me llamo Jorge Ruiz.",
            anonymous = false,
            reporter = new { name = "Jorge Ruiz", email, phone = "3001234567", consent = true, notify },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString()!;
        return ((await factory.Service<IReportStore>().FindByTrackingHashAsync(TrackingCode.Hash(code)))!, code);
    }

    static Task SendAsync(ObrasQrFactory factory) => factory.Service<MailSender>().RunAsync(CancellationToken.None);

    static async Task<string> WorkNameAsync(ObrasQrFactory factory) => (await factory.Service<IContractStore>().FindAsync(ContractId))!.Contract.Object!;

    static void HasNoTrackingCode(ReceivedMail mail, string code)
    {
        Assert.DoesNotContain(code, mail.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(code.Replace("-", ""), mail.Text.Replace("-", ""), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(code, mail.Subject, StringComparison.OrdinalIgnoreCase);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_new_report_is_mailed_once_to_the_auditors_of_its_entity_and_the_unscoped_ones_with_the_work_and_never_the_code_or_the_reporter(StoreKind store)
    {
        using var mail = new MailDev();
        using var factory = Factory(store, mail, new ManualClock(Saturday));
        var own = await AuditorAsync(factory, "ana@cartagena.gov.co", Cartagena);
        var everyEntity = await AuditorAsync(factory, "luis@gobernacion.gov.co", null);
        await AuditorAsync(factory, "otra@manizales.gov.co", Manizales);
        await AuditorAsync(factory, "nadie@cartagena.gov.co", Cartagena, MailPreference.None);
        await AuditorAsync(factory, "diario@cartagena.gov.co", Cartagena, MailPreference.DailyDigest);
        await AuditorAsync(factory, "oficina@cartagena.gov.co", Cartagena, role: Roles.Office);
        await AuditorAsync(factory, "retirada@cartagena.gov.co", Cartagena, disabled: true);

        var (report, code) = await SubmitAsync(factory);
        await SendAsync(factory);
        await SendAsync(factory);

        var received = await mail.ReceivedAsync();
        Assert.Equal([own.Email, everyEntity.Email], received.SelectMany(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(received, m =>
        {
            Assert.Contains("Obra paralizada", m.Subject);
            Assert.Contains(WorkNameAsync(factory).Result, m.Text);
            Assert.Contains($"{ObrasQrFactory.PublicBaseUrl}/escritorio/reportes/{report.ReportId}", m.Text);
            Assert.Contains($"Fecha límite para responder: {SpanishDate.Of(report.Deadline)}", m.Text);
            HasNoTrackingCode(m, code);
            Assert.DoesNotContain("Jorge", m.Text);
            Assert.DoesNotContain("jorge.ruiz", m.Text);
            Assert.DoesNotContain("3001234567", m.Text);
            Assert.DoesNotContain("detenida", m.Text); // the description can name its author: desk only
        });
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_digest_goes_out_from_seven_on_business_mornings_only_with_overdue_due_within_three_business_days_and_new_reports(StoreKind store)
    {
        using var mail = new MailDev();
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 6, 59, 0, ColombiaTime.Offset)); // Monday; Tuesday 8 is a holiday
        using var factory = Factory(store, mail, clock);
        var reader = await AuditorAsync(factory, "diario@cartagena.gov.co", Cartagena, MailPreference.DailyDigest);
        var other = await AuditorAsync(factory, "otra@manizales.gov.co", Manizales);
        var reports = factory.Service<IReportStore>();
        Report Stored(string id, DateOnly deadline, DateTimeOffset receivedAt, string status = ReportStatus.Received) => new()
        {
            ReportId = id, ContractId = ContractId, EntityNit = Cartagena, Category = "sobrecosto", Description = "Precio inflado.",
            ReceivedAt = receivedAt, Deadline = deadline, TrackingCodeHash = TrackingCode.Hash(TrackingCode.New()), Status = status,
        };
        var lastWeek = new DateTimeOffset(2026, 11, 20, 9, 0, 0, ColombiaTime.Offset);
        await reports.AddAsync(Stored("vencido01", new DateOnly(2026, 12, 4), lastWeek), null);
        await reports.AddAsync(Stored("respondido1", new DateOnly(2026, 12, 4), lastWeek, ReportStatus.Answered), null);
        await reports.AddAsync(Stored("vence11dic", new DateOnly(2026, 12, 11), lastWeek), null); // 3rd business day after Monday 7 (8 is a holiday)
        await reports.AddAsync(Stored("vence14dic", new DateOnly(2026, 12, 14), lastWeek), null);
        await reports.AddAsync(Stored("nuevoviernes", new DateOnly(2026, 12, 28), new DateTimeOffset(2026, 12, 4, 10, 0, 0, ColombiaTime.Offset)), null);

        await SendAsync(factory); // 06:59
        Assert.Empty(await mail.ReceivedAsync());

        clock.Now = new DateTimeOffset(2026, 12, 7, 7, 0, 0, ColombiaTime.Offset);
        await SendAsync(factory);
        await SendAsync(factory);
        var digest = Assert.Single(await mail.ReceivedAsync());
        Assert.Equal([reader.Email], digest.To);
        Assert.Contains("1 vencidos, 1 por vencer, 1 nuevos", digest.Subject);
        Assert.Contains("/escritorio/reportes/vencido01", digest.Text);
        Assert.Contains("/escritorio/reportes/vence11dic", digest.Text);
        Assert.Contains("fecha límite 11 de diciembre de 2026", digest.Text);
        Assert.Contains("/escritorio/reportes/nuevoviernes", digest.Text);
        Assert.DoesNotContain("vence14dic", digest.Text);
        Assert.DoesNotContain("respondido1", digest.Text);
        Assert.Contains(await WorkNameAsync(factory), digest.Text);
        Assert.Empty(await mail.ReceivedByAsync(other.Email)); // nothing of Cartagena's reaches Manizales

        clock.Now = new DateTimeOffset(2026, 12, 8, 9, 0, 0, ColombiaTime.Offset); // the holiday
        await SendAsync(factory);
        Assert.Single(await mail.ReceivedAsync());
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_reporter_who_asked_is_mailed_each_status_change_with_the_public_answer_and_never_the_code(StoreKind store)
    {
        using var mail = new MailDev();
        using var factory = Factory(store, mail, new ManualClock(Saturday));
        var (asked, code) = await SubmitAsync(factory, notify: true, email: "jorge.ruiz@example.co");
        var (silent, _) = await SubmitAsync(factory, notify: false, email: "callado@example.co");
        var auditor = factory.ClientWithKey(ObrasQrFactory.AuditorKey);

        foreach (var id in new[] { asked.ReportId, silent.ReportId })
        {
            Assert.Equal(HttpStatusCode.OK, (await auditor.PatchAsJsonAsync($"/api/reports/{id}", new { status = "en_revision", note = "Visita programada." })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await auditor.PatchAsJsonAsync($"/api/reports/{id}", new
            {
                status = "respondido", note = "Visita hecha.", publicAnswer = "Visitamos la obra y el contratista retomó los trabajos el lunes.",
            })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await auditor.PostAsJsonAsync($"/api/reports/{asked.ReportId}/publicable", new { publishable = true })).StatusCode);
        await SendAsync(factory);

        Assert.Empty(await mail.ReceivedByAsync("callado@example.co"));
        var mails = await mail.ReceivedByAsync("jorge.ruiz@example.co");
        Assert.Equal(["Su reporte ciudadano: En revisión", "Su reporte ciudadano: Respondido"], mails.Select(m => m.Subject).Order(StringComparer.Ordinal));
        var answered = mails.Single(m => m.Subject.EndsWith("Respondido", StringComparison.Ordinal));
        Assert.Contains("Visitamos la obra y el contratista retomó los trabajos el lunes.", answered.Text);
        Assert.Contains($"{ObrasQrFactory.PublicBaseUrl}/seguimiento", answered.Text);
        Assert.Contains(await WorkNameAsync(factory), answered.Text);
        Assert.All(mails, m => HasNoTrackingCode(m, code));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Mail_waits_out_an_smtp_outage_with_back_off_and_arrives_once_when_the_server_is_back(StoreKind store)
    {
        using var mail = new MailDev();
        var clock = new ManualClock(Saturday);
        using var factory = Factory(store, mail, clock);
        var auditor = await AuditorAsync(factory, "ana@cartagena.gov.co", Cartagena);
        var (report, _) = await SubmitAsync(factory);
        var outbox = factory.Service<IMailOutbox>();
        var row = $"recibido:{report.ReportId}>{auditor.Id}";

        mail.Stop();
        await SendAsync(factory);
        Assert.Equal((1, Saturday.AddMinutes(1)), await AttemptsAsync(outbox, row));
        clock.Advance(TimeSpan.FromMinutes(1));
        await SendAsync(factory);
        Assert.Equal((2, Saturday.AddMinutes(3)), await AttemptsAsync(outbox, row)); // the wait doubles

        mail.Start();
        await SendAsync(factory); // still inside the back-off: nothing is tried
        Assert.Empty(await mail.ReceivedAsync());
        clock.Advance(TimeSpan.FromMinutes(2));
        await SendAsync(factory);
        await SendAsync(factory);

        var arrived = Assert.Single(await mail.ReceivedAsync());
        Assert.Equal([auditor.Email], arrived.To);
        Assert.NotNull((await outbox.FindAsync(row))!.SentAt);
    }

    static async Task<(int, DateTimeOffset)> AttemptsAsync(IMailOutbox outbox, string id) =>
        await outbox.FindAsync(id) is { SentAt: null } m ? (m.Attempts, m.DueAt) : throw new InvalidOperationException($"{id} is not waiting in the outbox");

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_notice_queued_by_a_server_that_died_before_sending_is_delivered_once_by_the_next_one(StoreKind store)
    {
        using var mail = new MailDev();
        var clock = new ManualClock(Saturday);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "obrasqr-tests", Guid.NewGuid().ToString("N"));
        var prefix = Storage.Azurite.NewPrefix();
        ObrasQrFactory Server()
        {
            var factory = Factory(store, mail, clock);
            factory.Settings["ObrasQr:DataDirectory"] = dataDirectory;
            if (store == StoreKind.Azure) factory.Settings["ObrasQr:Storage:Prefix"] = prefix;
            return factory;
        }
        string reportId;
        using (var first = Server())
        {
            await AuditorAsync(first, "ana@cartagena.gov.co", Cartagena);
            reportId = (await SubmitAsync(first)).Report.ReportId;
            Assert.Null((await first.Service<IMailOutbox>().FindAsync($"recibido:{reportId}"))!.SentAt); // queued, never sent
        }

        using var next = Server();
        await SendAsync(next);
        await SendAsync(next);

        var arrived = Assert.Single(await mail.ReceivedAsync());
        Assert.Contains($"/escritorio/reportes/{reportId}", arrived.Text);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Without_a_mail_host_nothing_is_sent_the_due_notices_are_cleared_and_the_admin_page_says_so(StoreKind store)
    {
        using var mail = new MailDev();
        using var factory = Factory(store, mail, new ManualClock(Saturday));
        factory.Settings["ObrasQr:Mail:Host"] = "";
        await AuditorAsync(factory, "ana@cartagena.gov.co", Cartagena);
        var (report, _) = await SubmitAsync(factory);

        await SendAsync(factory);

        Assert.Empty(await mail.ReceivedAsync());
        Assert.Contains("no está configurado", (await factory.Service<IMailOutbox>().FindAsync($"recibido:{report.ReportId}"))!.LastError);
        Assert.False(factory.Service<MailSender>().IsConfigured);
    }
}
