/** Name pools for generated people. Diverse, realistic, and ASCII so emails stay simple. */
export const GIVEN_NAMES = [
  "Aaliyah", "Aarav", "Abigail", "Adrian", "Aisha", "Alejandro", "Amara", "Amelia", "Andre", "Anika",
  "Ava", "Benjamin", "Bianca", "Caleb", "Camila", "Carlos", "Chloe", "Daniel", "Darius", "Diego",
  "Elena", "Eli", "Emma", "Ethan", "Fatima", "Felix", "Gabriel", "Grace", "Hana", "Hannah",
  "Hiroshi", "Imani", "Isaac", "Isabella", "Jamal", "Jasmine", "Javier", "Jin", "Jordan", "Julia",
  "Kai", "Kamala", "Kenji", "Layla", "Leo", "Liam", "Lucia", "Luis", "Maya", "Mateo",
  "Mei", "Mia", "Mohammed", "Nadia", "Naomi", "Noah", "Nora", "Olivia", "Omar", "Oscar",
  "Rafael", "Ravi", "Rosa", "Ruby", "Samuel", "Santiago", "Sara", "Sebastian", "Sofia", "Tariq",
  "Thea", "Theo", "Tomas", "Valentina", "Victor", "Wei", "Xavier", "Yara", "Yusuf", "Zara",
  "Zoe", "Ibrahim", "Ingrid", "Kwame", "Lars", "Malik", "Nia", "Priyanka", "Sven", "Ximena",
];

export const FAMILY_NAMES = [
  "Abara", "Adeyemi", "Ahmed", "Andersson", "Bauer", "Becker", "Bianchi", "Brooks", "Campbell", "Castillo",
  "Chen", "Cohen", "Cruz", "Dubois", "Edwards", "Eriksen", "Fernandes", "Fischer", "Flores", "Garcia",
  "Gonzalez", "Gupta", "Hansen", "Hernandez", "Hoang", "Hughes", "Ibrahim", "Ito", "Jackson", "Jensen",
  "Johansson", "Kapoor", "Kim", "Kowalski", "Kumar", "Larsen", "Lee", "Lopez", "Martin", "Martinez",
  "Mendoza", "Moreau", "Morris", "Murphy", "Nakamura", "Nguyen", "Novak", "Nowak", "Obi", "Ortiz",
  "Park", "Patel", "Perez", "Petrov", "Popescu", "Quinn", "Ramirez", "Reyes", "Rivera", "Robinson",
  "Rossi", "Sato", "Schmidt", "Shah", "Silva", "Singh", "Sokolov", "Suzuki", "Tanaka", "Taylor",
  "Torres", "Tran", "Usman", "Vargas", "Walker", "Wang", "Watanabe", "Weber", "Williams", "Wong",
  "Yamamoto", "Yilmaz", "Young", "Zhang", "Zimmerman", "Okonkwo", "Haddad", "Lindgren", "Mwangi", "Salazar",
];

export const SUBJECTS = [
  "Algebra I", "Algebra II", "Geometry", "Pre-Calculus", "AP Calculus AB", "Statistics", "Biology",
  "Chemistry", "Physics", "Environmental Science", "Earth Science", "English 9", "English 10",
  "American Literature", "Creative Writing", "World History", "US History", "Civics", "Economics",
  "Psychology", "Spanish I", "Spanish II", "French I", "Mandarin I", "Art Studio", "Ceramics",
  "Photography", "Band", "Orchestra", "Choir", "Drama", "Physical Education", "Health",
  "Computer Science Principles", "Robotics", "Web Design", "Journalism", "Debate", "Anatomy", "Astronomy",
];
