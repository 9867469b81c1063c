// Key Vault for the app's secrets: the reporters' identity key, the SODA app token and the SMTP password.
// The function app's settings hold only Key Vault references (@Microsoft.KeyVault(SecretUri=...)) that the
// platform resolves with the user-assigned identity, which may read secrets of this vault and nothing else.
// RBAC authorization (no access policies); soft delete with purge protection, so a deleted vault or secret
// (and the key without which stored identities are unreadable) can always be recovered within 90 days.

param name string
param location string
param tags object = {}

@description('Principal (object) id of the function app\'s user-assigned identity.')
param identityPrincipalId string

@secure()
@description('AES-256-GCM key (base64, 32 bytes) for reporters\' identities.')
param reportsIdentityKey string

@secure()
@description('datos.gov.co (SODA) app token; empty: no secret is written.')
param syncAppToken string = ''

@secure()
@description('The SMTP password; empty: no secret is written.')
param mailPassword string = ''

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    // Flex Consumption without a virtual network resolves Key Vault references over the public endpoint;
    // every read still needs an Entra token with the Secrets User role.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource reportsIdentityKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'reports-identity-key'
  properties: {
    value: reportsIdentityKey
  }
}

resource syncAppTokenSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(syncAppToken)) {
  parent: vault
  name: 'sync-app-token'
  properties: {
    value: syncAppToken
  }
}

resource mailPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(mailPassword)) {
  parent: vault
  name: 'mail-password'
  properties: {
    value: mailPassword
  }
}

resource identitySecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityPrincipalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
// Version-less URIs: the app follows the latest version of each secret (a new value is picked up within a day, or
// at once on restart). Built from the vault's URI so that no output depends on a secret; a secret left empty is
// not written, and main.bicep then sets no reference for it.
output referenceUris object = {
  reportsIdentityKey: reportsIdentityKeySecret.properties.secretUri
  syncAppToken: '${vault.properties.vaultUri}secrets/sync-app-token'
  mailPassword: '${vault.properties.vaultUri}secrets/mail-password'
}
