<#-- keycloak.v2 leaves this hook empty for custom themes: the brand's help line under the form. -->
<#macro content>
    <p id="till-auth-footer" class="till-auth-footer">${kcSanitize(msg("tillAuthFooterHtml"))?no_esc}</p>
</#macro>
