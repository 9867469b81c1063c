using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Auth;

namespace ObrasQr.Staff;

/// <summary>The desk's door: the sign-in form, sign-out, and the desk's home that sends each person to their work.</summary>
public static class SignInHandlers
{
    /// <summary>Each role starts where its daily work is: auditors at the reports, the office at its uploads, an admin
    /// at the staff list.</summary>
    public static RedirectHttpResult Home(Caller caller) => TypedResults.Redirect(caller.Role switch
    {
        Roles.Admin => "/escritorio/personal",
        Roles.Office => "/escritorio/cargas",
        _ => "/escritorio/reportes",
    });
}
