using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ObrasQr.Auth;
using ObrasQr.Pages;

namespace ObrasQr.Staff;

/// <summary>The admin's staff page. A scoped admin sees and manages only accounts of their own entity: others answer
/// 404, and new accounts get the admin's scope.</summary>
public static class StaffHandlers
{
    const int LogLines = 50;

    /// <summary>GET /escritorio/personal</summary>
    public static Task<IResult> List(HttpContext context, Caller caller, IStaffStore store, PageRenderer pages, TimeProvider clock) =>
        PageAsync(context, caller, store, pages, clock, new(), StatusCodes.Status200OK);

    /// <summary>POST /escritorio/personal (name, email, role, entity): a new account with a temporary password.</summary>
    public static async Task<IResult> Add(HttpContext context, Caller caller, IStaffStore store, StaffAccounts accounts, PageRenderer pages, TimeProvider clock)
    {
        var form = await FormAsync(context);
        var draft = new StaffAccounts.Draft(form["name"], form["email"], form["role"], caller.EntityNit ?? form["entity"].ToString());
        var password = StaffPasswords.Generate();
        var (member, refused) = await accounts.CreateAsync(draft, password, caller.Name, context.RequestAborted);
        // A scoped admin never learns in which entity an e-mail has an account: one answer whoever holds it.
        var problem = refused?.Reason;
        if (member is null && caller.EntityNit is not null && await store.FindByEmailAsync(draft.Email?.Trim() ?? "", context.RequestAborted) is not null)
            problem = "ese correo no se puede usar para una cuenta nueva. Si la persona ya tiene cuenta, búsquela en la lista; si no aparece, pida el cambio a un administrador sin entidad asignada.";
        if (member is null)
            return await PageAsync(context, caller, store, pages, clock, new() { ["Draft"] = draft, ["Problem"] = $"No se agregó la cuenta: {problem}" },
                StatusCodes.Status400BadRequest);
        return await PageAsync(context, caller, store, pages, clock, new() { ["Created"] = member, ["TemporaryPassword"] = password },
            StatusCodes.Status201Created);
    }

    /// <summary>POST /escritorio/personal/{staffId} (role, entity, active)</summary>
    public static async Task<IResult> Change(HttpContext context, string staffId, Caller caller, IStaffStore store, StaffAccounts accounts,
        PageRenderer pages, TimeProvider clock)
    {
        if (await store.FindAsync(staffId, context.RequestAborted) is not { } member || !caller.Sees(member.EntityNit))
            return await PageAsync(context, caller, store, pages, clock, new() { ["Problem"] = "No encontramos esa cuenta." }, StatusCodes.Status404NotFound);
        if (member.Id == caller.MemberId)
            return await PageAsync(context, caller, store, pages, clock,
                new() { ["Problem"] = "No puede cambiar su propia cuenta: pídalo a otra persona con rol de administrador." }, StatusCodes.Status400BadRequest);
        var form = await FormAsync(context);
        var problem = await accounts.ChangeAsync(member, form["role"].ToString().Trim().ToLowerInvariant(),
            caller.EntityNit ?? form["entity"].ToString(), disabled: form["active"] != "si", caller.Name, context.RequestAborted);
        if (problem is not null)
            return await PageAsync(context, caller, store, pages, clock, new() { ["Problem"] = $"No se guardó el cambio de {member.Name}: {problem.Reason}" },
                StatusCodes.Status400BadRequest);
        return Redirects.SeeOther("/escritorio/personal");
    }

    /// <summary>POST /escritorio/personal/{staffId}/restablecer (factor=quitar also removes the second factor): with
    /// mail configured, a link mailed to the person (or, with como=clave, as without mail:) a one-time password shown
    /// to the admin this once, which the person must change at their first sign-in.</summary>
    public static async Task<IResult> Reset(HttpContext context, string staffId, Caller caller, IStaffStore store, PasswordReset reset,
        PageRenderer pages, TimeProvider clock, IOptionsMonitor<ObrasQrOptions> mail)
    {
        if (await store.FindAsync(staffId, context.RequestAborted) is not { } member || !caller.Sees(member.EntityNit))
            return await PageAsync(context, caller, store, pages, clock, new() { ["Problem"] = "No encontramos esa cuenta." }, StatusCodes.Status404NotFound);
        if (member.Id == caller.MemberId)
            return await PageAsync(context, caller, store, pages, clock,
                new() { ["Problem"] = "Su propia contraseña se cambia en Su cuenta (/escritorio/cuenta)." }, StatusCodes.Status400BadRequest);
        var form = await FormAsync(context);
        // With mail the link is the default; the one-time password stays at hand (button "como=clave").
        if (mail.CurrentValue.Mail.IsConfigured && form["como"] != "clave")
        {
            await reset.LinkByMailAsync(member, form["factor"] == "quitar", caller.Name, context.RequestAborted);
            return await PageAsync(context, caller, store, pages, clock, new() { ["LinkSent"] = member }, StatusCodes.Status200OK);
        }
        var password = await reset.OneTimePasswordAsync(member, form["factor"] == "quitar", caller.Name, context.RequestAborted);
        return await PageAsync(context, caller, store, pages, clock, new() { ["Reset"] = member, ["TemporaryPassword"] = password }, StatusCodes.Status200OK);
    }

    /// <summary>The posted form, or an empty one when the body is not a readable form.</summary>
    internal static async Task<IFormCollection> FormAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType) return FormCollection.Empty;
        try { return await context.Request.ReadFormAsync(context.RequestAborted); }
        catch (InvalidDataException) { return FormCollection.Empty; }
        catch (BadHttpRequestException) { return FormCollection.Empty; }
    }

    static async Task<IResult> PageAsync(HttpContext context, Caller caller, IStaffStore store, PageRenderer pages, TimeProvider clock,
        Dictionary<string, object?> parameters, int status)
    {
        var ct = context.RequestAborted;
        var members = (await store.ListAsync(ct)).Where(m => caller.Sees(m.EntityNit) && (caller.EntityNit is null || m.EntityNit is not null)).ToList();
        var emails = members.Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        // A scoped admin reads the lines about their entity's accounts, and of those only about accounts they still see
        // (one moved to another entity since is no longer theirs).
        var changes = (await store.ChangesAsync(LogLines, caller.EntityNit, ct))
            .Where(c => caller.EntityNit is null || emails.Contains(StaffMember.EmailKey(c.MemberEmail))).ToList();
        parameters["Caller"] = caller;
        parameters["Members"] = members;
        parameters["Changes"] = changes;
        parameters["Now"] = clock.GetUtcNow();
        return await pages.PageAsync<StaffPage>(parameters, status);
    }
}
