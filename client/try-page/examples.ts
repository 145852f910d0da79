// Texts to try with one click, from several domains, each showing something the model does.
export interface Example {
  name: string;
  text: string;
}

export const EXAMPLES: readonly Example[] = [
  { name: "Negation · phone", text: "The battery is not bad at all, and the camera never disappoints." },
  { name: "Contrast · hotel", text: "The room was tiny and noisy, but the staff went out of their way to help us." },
  { name: "Mixed · restaurant", text: "The food was cold and bland. The waiter was friendly and helpful." },
  { name: "Film", text: "A slow, tedious film with wooden acting and no story to speak of." },
  { name: "App · emoji", text: "Love the new update 😍 the dark mode is gorgeous. Sync crashes every single time, though." },
  { name: "Café · accents", text: "Le café crème was superb and the pâtisserie delightful." },
];
