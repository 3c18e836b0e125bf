// Name pools by heritage, ranked most common first (weights are Zipf over rank, see parameters.ts).
// Ranks follow the broad order of ONS "Baby names in England and Wales" and published surname
// frequency lists; the lists are short on purpose: enough variety for realistic collisions without
// shipping a name register. Every person built from them is fictional.

export type Heritage =
  | 'white_british'
  | 'irish'
  | 'east_european'
  | 'pakistani'
  | 'indian'
  | 'bangladeshi'
  | 'black_african'
  | 'black_caribbean'
  | 'chinese';

export interface NamePool {
  readonly female: readonly string[];
  readonly male: readonly string[];
  readonly family: readonly string[];
}

const BRITISH_F =
  'Olivia Amelia Isla Ava Mia Ivy Lily Sophie Grace Emily Jessica Chloe Ellie Ruby Evie Poppy Freya Charlotte Elizabeth Rebecca Katherine Megan Hannah Lauren Abigail Bethany Holly Jasmine Millie Daisy Phoebe Scarlett Leah Courtney Shannon Kayleigh Jade Amy Paige Molly Caitlin Niamh Lucy Georgia Eleanor Alice Florence Summer Willow Harriet';
const BRITISH_M =
  'Oliver George Noah Arthur Harry Leo Jack Charlie Oscar Jacob Thomas William James Joshua Daniel Samuel Alexander Benjamin Matthew Ryan Lewis Callum Liam Connor Kieran Jordan Tyler Alfie Archie Freddie Joseph Michael Christopher Robert Nathan Ethan Mason Logan Reece Bradley Jake Luke Owen Dylan Kyle Aaron Jamie Lee Ashley Dean';
const BRITISH_FAM =
  'Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Miller Cox Richards Marshall Anderson Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton ORourke Newton Hart Lawson Wells Hunter Carr Armstrong Sutton Haynes Pritchard Lowe Dunn Holt Heath Byrne Greenwood Fowler Lamb Kershaw Whitehead Hewitt Booth Noble Sykes';
const IRISH_F = 'Aoife Niamh Siobhan Ciara Roisin Saoirse Orla Grainne Caoimhe Sinead Aisling Eimear Clodagh';
const IRISH_M = 'Sean Conor Liam Patrick Ciaran Niall Cian Darragh Eoin Padraig Declan Ronan Cathal';
const IRISH_FAM =
  'Murphy Kelly OBrien Byrne Ryan OConnor Walsh McCarthy Doyle ONeill Gallagher Quinn Brennan Kavanagh Flanagan Donnelly McLaughlin Rooney Maguire Fitzgerald';
const EE_F =
  'Zuzanna Julia Maja Natalia Wiktoria Oliwia Alicja Ioana Maria Hanna Amelia Zofia Lena Kinga Andreea Elena Marta';
const EE_M =
  'Jakub Kacper Szymon Filip Mateusz Bartosz Michal Piotr Andrei Ionut Antoni Dawid Kamil Tomasz Lukas Matas Bogdan';
const EE_FAM =
  'Nowak Kowalski Wisniewski Wojcik Kaminski Lewandowski Zielinski Szymanski Dabrowski Kozlowski Popescu Ionescu Popa Kazlauskas Petrauskas Horvath Novak Petrov Ivanova Balan';
const PK_F =
  'Aisha Fatima Maryam Zainab Hafsa Amina Khadija Sana Iqra Noor Hira Zara Ayesha Alisha Mehak Eman Anaya Laiba Safa Mahnoor';
const PK_M =
  'Muhammad Mohammed Ali Hassan Hamza Ibrahim Yusuf Zain Bilal Imran Adnan Usman Abdul Tariq Omar Zakariya Ayaan Haris Rehan Saad Faisal Kashif Asif Nadeem';
const PK_FAM =
  'Khan Hussain Ahmed Ali Akhtar Iqbal Butt Malik Mahmood Shah Rashid Bibi Aslam Mirza Qureshi Raja Chaudhry Javed Saleem Rafiq Nawaz Anwar Riaz Yousaf';
const IN_F =
  'Priya Anika Simran Harleen Kiran Neha Pooja Anjali Divya Jaspreet Amrit Navneet Riya Isha Meera Sonia Gurleen';
const IN_M =
  'Arjun Rohan Aarav Krish Dev Vikram Harjit Gurpreet Jaspal Sanjay Rahul Amit Ravi Manpreet Sukhdeep Nikhil Deepak Kabir';
const IN_FAM =
  'Patel Singh Kaur Sharma Gill Sandhu Kumar Mistry Shah Parmar Chauhan Sidhu Dhillon Bains Johal Sohal Joshi Mehta Rai Virdi';
const BD_F =
  'Fatema Nusrat Sumaiya Tahmina Jannat Sadia Farhana Ruksana Tasnim Shirin Sabrina Nadia Rumana Afia';
const BD_M = 'Mohammed Abdul Rahim Sabbir Tanvir Rafiq Shahid Jamal Nazrul Rayhan Arif Kamal Shafiq Jahid';
const BD_FAM =
  'Begum Miah Uddin Rahman Islam Ali Hoque Khatun Chowdhury Ahmed Hussain Akter Sultana Hossain Alam Karim';
const BA_F =
  'Grace Blessing Precious Esther Favour Adaeze Amara Chioma Fatuma Hodan Ruth Deborah Comfort Abena Zainab Ifeoma Naomi Hawa';
const BA_M =
  'David Daniel Samuel Emmanuel Joshua Michael Tobi Chidi Kwame Kofi Oluwaseun Abdi Mohamed Isaac Jeremiah Tunde Yusuf Ayo';
const BA_FAM =
  'Okafor Adeyemi Mensah Osei Boateng Okonkwo Adebayo Mohamed Abdi Ali Nwosu Owusu Asante Ibrahim Hassan Oyelaran Eze Ogunleye Kamara Diallo Farah';
const BC_F = 'Shanice Tia Keisha Jada Aaliyah Chantelle Jasmine Nia Kiara Imani Leah Tanisha Monique Simone';
const BC_M = 'Tyrone Marcus Jermaine Leon Andre Kyle Reuben Jerome Dwayne Malachi Tyler Isaiah Kai Levi';
const BC_FAM =
  'Campbell Brown Williams Thomas Clarke Francis Grant Robinson Morgan Reid Bailey Henry Johnson Gordon Douglas Stewart Lewis Edwards';
const CN_F = 'Mei Xin Yan Ling Jenny Grace Hui Jing Li Ying Amy Vivian';
const CN_M = 'Wei Jun Hao Ming Kai Jason Kevin Yang Jian Tao Ryan Eric';
const CN_FAM = 'Wang Li Zhang Chen Liu Wong Chan Lee Cheung Lin Yang Ng Ho Huang Zhao Tang';

function words(s: string): readonly string[] {
  return s.split(' ').map((w) => w.replace(/^O([A-Z])/, "O'$1"));
}

/** Name pools per heritage. */
export const NAME_POOLS: Readonly<Record<Heritage, NamePool>> = {
  white_british: { female: words(BRITISH_F), male: words(BRITISH_M), family: words(BRITISH_FAM) },
  irish: { female: words(IRISH_F), male: words(IRISH_M), family: words(IRISH_FAM) },
  east_european: { female: words(EE_F), male: words(EE_M), family: words(EE_FAM) },
  pakistani: { female: words(PK_F), male: words(PK_M), family: words(PK_FAM) },
  indian: { female: words(IN_F), male: words(IN_M), family: words(IN_FAM) },
  bangladeshi: { female: words(BD_F), male: words(BD_M), family: words(BD_FAM) },
  black_african: { female: words(BA_F), male: words(BA_M), family: words(BA_FAM) },
  black_caribbean: { female: words(BC_F), male: words(BC_M), family: words(BC_FAM) },
  chinese: { female: words(CN_F), male: words(CN_M), family: words(CN_FAM) },
};

/** Adult given names (people born 1960-2005) are drawn from the same pools plus these older names. */
export const OLDER_BRITISH: NamePool = {
  female: words(
    'Sarah Emma Claire Michelle Lisa Nicola Joanne Kelly Donna Julie Karen Tracey Amanda Helen Rachel Louise Stacey Gemma Leanne Samantha',
  ),
  male: words(
    'Paul Mark David Andrew Darren Wayne Stephen Gary Craig Lee Richard Simon Martin Neil Stuart Carl Shaun Jason Dean Kevin',
  ),
  family: [],
};

/** Street names for fictional addresses. */
export const STREETS = words(
  'Mill Lane,Church Road,Station Road,Victoria Street,Park Avenue,Queens Road,Kings Road,Albert Street,Chapel Street,Bridge Street,Grange Road,Oak Avenue,Elm Grove,Willow Close,Beech Drive,Meadow Way,Orchard Close,Hawthorn Road,Canal Street,Foundry Lane,Weavers Row,Tannery Walk,Cobden Street,Hollins Road,Larkspur Close,Brackmoor Road,Calverdine Way,Esselwick Lane,Harrowmere Street,Kiln Lane,Rope Walk,Spinners Court,Marsh Lane,Heather Rise,Top Road'
    .replaceAll(' ', '_')
    .replaceAll(',', ' '),
).map((s) => s.replaceAll('_', ' '));
