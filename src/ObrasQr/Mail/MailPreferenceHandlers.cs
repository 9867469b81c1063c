using Microsoft.AspNetCore.Http;
using ObrasQr.Auth;
using ObrasQr.Http;
using ObrasQr.Staff;

namespace ObrasQr.Mail;

/// <summary>Which mail an account receives about new reports. On the admin's staff page until each person has a page
/// of their own account; the handler needs only the account's id and the choice, so it moves there as it is.</summary>
public static class MailPreferenceHandlers
{
    /// <summary>POST /escritorio/personal/{staffId}/avisos (avisos: cada_reporte, resumen_diario or ninguno)</summary>
    public static async Task<IResult> Set(HttpContext context, string staffId, Caller caller, IStaffStore store, TimeProvider clock)
    {
        var ct = context.RequestAborted;
        if (await store.FindAsync(staffId, ct) is not { } member || !caller.Sees(member.EntityNit))
            return Problems.NotFound("staffId", "No encontramos esa cuenta.");
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(ct) : FormCollection.Empty;
        var choice = form["avisos"].ToString().Trim();
        if (!MailPreference.Labels.TryGetValue(choice, out var label))
            return Problems.Of("avisos", $"Elija uno de: {string.Join(", ", MailPreference.Labels.Keys)}.");
        if (choice != member.MailNotices)
        {
            await store.ChangeAsync(member.Id, current => current with { MailNotices = choice }, ct);
            await store.LogAsync(new StaffChange(clock.GetUtcNow(), caller.Name, member.Email, $"Cambió los avisos por correo de nuevos reportes a «{label}».", member.EntityNit), ct);
        }
        return Redirects.SeeOther("/escritorio/personal");
    }
}
