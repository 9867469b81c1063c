using Microsoft.AspNetCore.Http;
using ObrasQr.Pages;

namespace ObrasQr.Staff;

/// <summary>/escritorio/restablecer?clave=: the page an admin's reset mail links to, where the person chooses a new
/// password without being signed in. Its form is protected like the sign-in form (<see cref="SignInForms"/>).</summary>
public static class ResetLinkHandlers
{
    /// <summary>GET /escritorio/restablecer?clave=</summary>
    public static async Task<IResult> Form(HttpContext context, PasswordReset reset, PageRenderer pages, string? clave) =>
        await reset.HolderAsync(clave, context.RequestAborted) is { } member
            ? await PageAsync(context, pages, member, clave!, null, StatusCodes.Status200OK)
            : await NotValidAsync(pages);

    /// <summary>POST /escritorio/restablecer (clave, password, repeat, csrf)</summary>
    public static async Task<IResult> Choose(HttpContext context, PasswordReset reset, PageRenderer pages)
    {
        var form = await StaffHandlers.FormAsync(context);
        var token = form["clave"].ToString();
        if (await reset.HolderAsync(token, context.RequestAborted) is not { } member) return await NotValidAsync(pages);
        if (!SignInForms.Matches(context.Request, form["csrf"].ToString()))
            return await PageAsync(context, pages, member, token,
                new() { ["password"] = "El formulario venció o no se envió desde esta página. Escriba de nuevo la contraseña nueva." },
                StatusCodes.Status403Forbidden);
        var problem = await reset.ChooseAsync(member, form["password"].ToString(), form["repeat"].ToString(), context.RequestAborted);
        if (problem is not null)
            return await PageAsync(context, pages, member, token, new() { [problem.Field] = problem.Reason }, StatusCodes.Status400BadRequest);
        return await pages.PageAsync<ResetLinkPage>(new Dictionary<string, object?> { ["Done"] = true }, StatusCodes.Status200OK);
    }

    /// <summary>One answer for an unknown, used or expired link: no hint of which.</summary>
    static Task<IResult> NotValidAsync(PageRenderer pages) =>
        pages.PageAsync<ResetLinkPage>(new Dictionary<string, object?>(), StatusCodes.Status404NotFound);

    static Task<IResult> PageAsync(HttpContext context, PageRenderer pages, StaffMember member, string token, Dictionary<string, string>? problems, int status) =>
        pages.PageAsync<ResetLinkPage>(new Dictionary<string, object?>
        {
            ["Email"] = member.Email, ["Token"] = token, ["Csrf"] = SignInForms.Issue(context), ["Problems"] = problems,
        }, status);
}
