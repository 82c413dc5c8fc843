/** Discord's limits on what a bot may send (see the README's Discord section); replies are cut to fit. */
export const DISCORD_LIMITS = {
  messageContent: 2000,
  embedTitle: 256,
  embedAuthorName: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedTotal: 6000,
  buttonLabel: 80,
  buttonsPerRow: 5,
  customId: 100,
  autocompleteChoices: 25,
  autocompleteChoiceLength: 100,
  commandDescription: 100,
} as const;
