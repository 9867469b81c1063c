using System.Net;
using ObrasQr.Auth;
using ObrasQr.Mail;
using ObrasQr.Reports;
using ObrasQr.Staff;
using ObrasQr.Tests.Staff;

namespace ObrasQr.Tests.Mail;

/// <summary>Who asks for which mail: an auditor's choice on the admin's staff page, and the citizen's "avisarme por
/// correo" kept sealed with the rest of their identity.</summary>
public sealed class MailPreferenceTests
{
    const string ContractId = "CO1.PCCNTR.5361557";

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task An_admin_sets_an_auditors_mail_notices_and_the_staff_log_says_so(StoreKind store)
    {
        using var factory = new ObrasQrFactory(store);
        await DeskSession.AccountAsync(factory, "admin@cartagena.gov.co", Roles.Admin);
        var auditor = await DeskSession.AccountAsync(factory, "clara@cartagena.gov.co", Roles.Auditor, name: "Clara Ruiz");
        var desk = new DeskSession(factory);
        await desk.SignInAsync("admin@cartagena.gov.co");
        var page = await desk.Client.GetStringAsync("/escritorio/personal");
        Assert.Contains($"action=\"/escritorio/personal/{auditor.Id}/avisos\"", page);
        Assert.Equal(MailPreference.EachReport, auditor.MailNotices);

        var unknown = await desk.PostAsync($"/escritorio/personal/{auditor.Id}/avisos", new() { ["avisos"] = "a veces", ["csrf"] = DeskSession.Csrf(page) });
        var chosen = await desk.PostAsync($"/escritorio/personal/{auditor.Id}/avisos", new() { ["avisos"] = "resumen_diario", ["csrf"] = DeskSession.Csrf(page) });

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, chosen.StatusCode);
        Assert.Equal(MailPreference.DailyDigest, (await factory.Service<IStaffStore>().FindAsync(auditor.Id))!.MailNotices);
        Assert.Contains(await factory.Service<IStaffStore>().ChangesAsync(10), c => c.MemberEmail == auditor.Email && c.What.Contains("Un resumen diario"));
    }

    [Theory, InlineData(false), InlineData(true)]
    public async Task The_staff_page_tells_the_admin_when_no_mail_is_sent(bool configured)
    {
        using var mail = configured ? new MailDev() : null;
        using var factory = new ObrasQrFactory();
        mail?.Configure(factory);
        await DeskSession.AccountAsync(factory, "admin@cartagena.gov.co", Roles.Admin);
        var desk = new DeskSession(factory);
        await desk.SignInAsync("admin@cartagena.gov.co");

        var page = await desk.Client.GetStringAsync("/escritorio/personal");

        Assert.Equal(!configured, page.Contains("El correo no está configurado: no se envía ningún aviso"));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_forms_avisarme_por_correo_is_kept_sealed_with_the_identity(StoreKind store)
    {
        using var factory = new ObrasQrFactory(store);
        var client = factory.CreateClient();
        var form = await client.GetStringAsync($"/o/{ContractId}");
        Assert.Contains("name=\"notify\"", form);
        Assert.Contains("Avisarme por correo", form);

        var marker = Tests.Reports.ReportKit.Unique("Baches sin arreglar frente al colegio");
        var sent = await client.PostAsync($"/o/{ContractId}/reportes", Tests.Reports.ReportKit.Form([("category", "mala_calidad"), ("description", marker),
            ("anonymous", "no"), ("name", "Marta Gil"), ("email", "marta.gil@example.co"), ("consent", "si"), ("notify", "si")]));
        Assert.True(sent.IsSuccessStatusCode, $"{sent.StatusCode}");

        var report = (await factory.Service<IReportStore>().ListAsync(new ReportQuery { ContractId = ContractId, Take = 200 })).Single(r => r.Description == marker);
        var stored = (await factory.Service<IReportStore>().FindIdentityAsync(report.ReportId))!;
        Assert.StartsWith("enc1:", stored.NotifyEmail);
        Assert.Equal("marta.gil@example.co", factory.Service<IdentityProtector>().Open(stored).NotifyEmail);
    }
}
